# dp: NDJSON data-pipeline toolkit.
#   make            build every program into bin/
#   make run        the main job on examples/ (installs build deps first)
#   make check      all tests, then again under ASan+UBSan
#   make bench      dp beside jq, Miller and DuckDB, and the speed targets
#   make fuzz       every fuzz target for FUZZ_SECONDS (default 60)
#   make check-valgrind   the golden tests under valgrind
#   make check-long   every 32-bit float printed and read back (long)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
PKGS = jansson yajl sqlite3 libzstd zlib uuid libxxhash libcurl snappy
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc/lib/core -Isrc/lib
LDLIBS = $(PKG_LIBS) -lcsv -lm -lpthread

ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif

# SANITIZE=1 builds under build/san with ASan and UBSan.
ifeq ($(SANITIZE),1)
BUILD = build/san
OUT = build/san/bin
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build/obj
OUT = bin
endif

# Every src/dp-*.c is a program.
PROGRAMS = $(patsubst src/%.c,%,$(wildcard src/dp-*.c))
LIB_SRC = $(wildcard src/lib/*/*.c)
LIB_OBJ = $(LIB_SRC:src/lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/lib/embed/hash_words.o
LIB = $(BUILD)/libdp.a
BINS = $(PROGRAMS:%=$(OUT)/%)
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(OUT)/unit/%)
# Fuzz targets, built here as replayers of their saved inputs (make
# check runs them); `make fuzz` builds them with libFuzzer instead.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS = $(FUZZ_SRC:tests/fuzz/%.c=$(OUT)/fuzz/%)
MAN1 = $(PROGRAMS:%=man/%.1)
MAN7 = man/dp.7

.SECONDARY:

.PHONY: all run check check-valgrind test bootstrap install uninstall clean \
	bless bench fuzz check-long

all: $(BINS) $(UNIT_BINS) $(FUZZ_BINS)

LIB_HDR = $(wildcard src/lib/*/*.h)

$(BUILD)/lib/%.o: src/lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The hash embedder's word table, generated from WordNet 3.0 (Debian's
# wordnet-base, which scripts/bootstrap installs) by
# src/gen/gen_hash_words.c; the same bytes for every build.
WORDNET ?= /usr/share/wordnet
GEN = build/gen
GEN_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -O2 $(PKG_CFLAGS) -Isrc/lib/core -Isrc/lib
ifeq ($(WERROR),1)
GEN_CFLAGS += -Werror
endif

$(GEN)/gen_hash_words: src/gen/gen_hash_words.c src/lib/embed/stem.c \
		src/lib/embed/embed.h src/lib/embed/words.h src/lib/core/dp.h
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -o $@ src/gen/gen_hash_words.c \
		src/lib/embed/stem.c $(PKG_LIBS) -lm

$(GEN)/hash_words.c: $(GEN)/gen_hash_words \
		$(wildcard $(WORDNET)/data.* $(WORDNET)/index.* $(WORDNET)/cntlist.rev)
	$(GEN)/gen_hash_words $(WORDNET) >$@.tmp
	mv $@.tmp $@

$(BUILD)/lib/embed/hash_words.o: $(GEN)/hash_words.c src/lib/embed/words.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(OUT)/%: $(BUILD)/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(OUT)/unit/%: tests/unit/%.c tests/unit/unit.h $(wildcard tests/fuzz/*.h) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(OUT)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

bootstrap:
	@scripts/bootstrap

run: bootstrap
	@$(MAKE) --no-print-directory all
	@examples/run-main-job

# The whole suite on a normal build, then on a sanitizer build; the
# runner prints one summary line for both.
check: bootstrap
	@$(MAKE) --no-print-directory all WERROR=1
	@$(MAKE) --no-print-directory all WERROR=1 SANITIZE=1
	@tests/run bin build/san/bin

# The golden cases with every program under valgrind: no error, no leak.
check-valgrind: bootstrap
	@$(MAKE) --no-print-directory all
	@tests/run --valgrind bin

# Every one of the 2^32 float bit patterns through dp_float_text and
# dp_parse_float, checked against strtof (tests/long/float_exhaustive.c)
# on CHECK_LONG_THREADS threads (default 2): about 90 CPU minutes
# (0.7 to 2 s per 2^20 patterns, the tiniest floats the slowest), so
# some 45 minutes on two idle cores. Not part of `make check`.
CHECK_LONG_THREADS ?= 2
$(OUT)/long/%: tests/long/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

check-long:
	@$(MAKE) --no-print-directory $(OUT)/long/float_exhaustive WERROR=1
	@$(OUT)/long/float_exhaustive $(CHECK_LONG_THREADS)

test: all
	@tests/run bin

# Throughput and memory beside the peers on generated data, each speed
# and memory target with pass or fail (BENCH_SIZE records, default
# 200000; the other knobs are in scripts/bench).
bench: bootstrap
	@$(MAKE) --no-print-directory all
	@scripts/bench

# Each fuzz target under libFuzzer (clang) for FUZZ_SECONDS seconds.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/bootstrap --fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

bless: all
	@tests/run --bless bin

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7

uninstall:
	rm -f $(PROGRAMS:%=$(DESTDIR)$(BINDIR)/%) \
		$(PROGRAMS:%=$(DESTDIR)$(MANDIR)/man1/%.1) \
		$(DESTDIR)$(MANDIR)/man7/dp.7

clean:
	rm -rf bin build out
