# A reference BM25 ranker for the retrieval evaluations (test-side only,
# not part of dp). Input: first file "page_id<TAB>text" (the documents),
# second file "query_id<TAB>text"; output "query_id<TAB>page_id" for the
# top 10 documents of each query, best first, ties in document order.
# Tokens as the hash embedder's (dp-embed(1)): ASCII letters and digits
# lower-cased (other bytes separate), words of two bytes or more, the
# same stop words, the S-stemmer. Okapi BM25 with k1 = 1.2, b = 0.75 and
# Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5)); each distinct query
# term counts once.
BEGIN {
	FS = "\t"
	K1 = 1.2; B = 0.75; TOP = 10
	n = split("about above after again against ain all am an and any are " \
	    "aren as at be because been before being below between both but " \
	    "by can couldn did didn do does doesn doing don down during each " \
	    "few for from further had hadn has hasn have haven having he her " \
	    "here hers herself him himself his how if in into is isn it its " \
	    "itself just ll ma me mightn more most mustn my myself needn no " \
	    "nor not now of off on once only or other our ours ourselves out " \
	    "over own re same shan she should shouldn so some such than that " \
	    "the their theirs them themselves then there these they this " \
	    "those through to too under until up ve very was wasn we were " \
	    "weren what when where which while who whom why will with won " \
	    "wouldn you your yours yourself yourselves", sw, " ")
	for (i = 1; i <= n; i++)
		stop[sw[i]] = 1
}

# stem(w): Harman's S-stemmer, as in dp-embed(1).
function stem(w, l) {
	l = length(w)
	if (l < 4)
		return w
	if (l >= 5 && w ~ /ies$/ && w !~ /[ea]ies$/)
		return substr(w, 1, l - 3) "y"
	if (w ~ /s$/ && w !~ /[us]s$/)
		return substr(w, 1, l - 1)
	return w
}

# tokens(s, t): the terms of s into t[1..n]; returns n.
function tokens(s, t,    a, i, n, k) {
	s = tolower(s)
	gsub(/[^a-z0-9]+/, " ", s)
	n = split(s, a, " ")
	k = 0
	for (i = 1; i <= n; i++)
		if (length(a[i]) >= 2 && !(a[i] in stop))
			t[++k] = stem(a[i])
	return k
}

FNR == NR {
	nd++
	id[nd] = $1
	len[nd] = tokens($2, t)
	total += len[nd]
	delete seen
	for (i = 1; i <= len[nd]; i++) {
		tf[nd, t[i]]++
		if (!(t[i] in seen)) {
			seen[t[i]] = 1
			df[t[i]]++
		}
	}
	next
}

{
	avg = total / nd
	nq = tokens($2, q)
	delete used
	for (d = 1; d <= nd; d++)
		score[d] = 0
	for (i = 1; i <= nq; i++) {
		w = q[i]
		if ((w in used) || !(w in df))
			continue
		used[w] = 1
		idf = log(1 + (nd - df[w] + 0.5) / (df[w] + 0.5))
		for (d = 1; d <= nd; d++)
			if ((d, w) in tf) {
				f = tf[d, w]
				norm = K1 * (1 - B + B * len[d] / avg)
				score[d] += idf * f * (K1 + 1) / (f + norm)
			}
	}
	# selection of the top 10: highest score, then first in order
	delete taken
	for (r = 1; r <= TOP && r <= nd; r++) {
		best = 0
		for (d = 1; d <= nd; d++)
			if (!(d in taken) && (best == 0 || score[d] > score[best]))
				best = d
		taken[best] = 1
		print $1 "\t" id[best]
	}
}
