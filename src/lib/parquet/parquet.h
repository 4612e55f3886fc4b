/* SPDX-License-Identifier: MIT */
/* The Parquet subsystem's public header: what a program needs to write
 * records as Parquet files and Hive-partitioned datasets (dp-to-parquet(1)).
 * The subsystem's other headers are private to src/lib/parquet/. */
#ifndef DP_PARQUET_H
#define DP_PARQUET_H

#include "codec.h"
#include "dataset.h"
#include "infer.h"
#include "record.h"
#include "schema.h"
#include "writer.h"

#endif
