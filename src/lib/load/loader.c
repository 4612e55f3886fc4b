/* SPDX-License-Identifier: MIT */
/* What every loader shares: the envelope values of the run, --type and
 * --limit (dp_loader in load.h). */
#include "load.h"

/* See load.h. */
void
dp_loader_set_type(void *loader, const char *arg)
{
	if (!*arg)
		dp_usage_error("--type: empty type");
	((struct dp_loader *)loader)->type = dp_entity_type_canonical(arg);
}

/* See load.h. */
void
dp_loader_start(struct dp_loader *l, const char *source_type)
{
	l->env.source_type = source_type;
	dp_timestamp_now(l->env.ingested_at);
}

/* See load.h. */
void
dp_loader_input(struct dp_loader *l, const char *name, const char *path)
{
	l->env.source_file = name;
	l->env.entity_type = l->type ? l->type
				     : dp_entity_type_from_name(path);
	l->untyped_warned = 0;
}

/* See load.h. */
void
dp_loader_seal(struct dp_loader *l, struct dp_buf *b, int present)
{
	if (!(present & DP_ENV_ENTITY_TYPE) && !l->env.entity_type
	    && !l->untyped_warned) {
		dp_warn_at(l->env.source_file, 0, "cannot tell the entity type "
			   "from the file name: give --type PROPERTY, "
			   "NEIGHBORHOOD or WIKIPEDIA_ARTICLE (its records "
			   "without one get no entity_type)");
		l->untyped_warned = 1;
	}
	dp_envelope_append(b, &l->env, present);
	dp_buf_addc(b, '}');
}

/* See load.h. */
void
dp_loader_write(struct dp_loader *l, const struct dp_buf *b)
{
	dp_out_record(b);
	dp_progress_record();
	l->written++;
}

/* See load.h. */
int
dp_loader_done(const struct dp_loader *l)
{
	return l->limit >= 0 && l->written >= l->limit;
}
