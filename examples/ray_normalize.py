"""Normalize a JSON Lines corpus with Ray Data, on this machine or a Ray cluster.

    python examples/ray_normalize.py INPUT OUTPUT [--column text] [--to hans]

INPUT is a directory, file or URL of JSON Lines (anything ray.data.read_json reads:
local paths, s3://, gs://, ...); OUTPUT is a directory the normalized JSON Lines are
written to. Without RAY_ADDRESS, Ray starts a local instance on this machine; with
RAY_ADDRESS=ray://head-node:10001 (or `auto` on a cluster node), the work goes to
that cluster, whose workers need zhnorm installed (`pip install 'zhnorm[ray]'`, or a
runtime_env with it).
"""

from __future__ import annotations

import argparse
import os

import ray

import zhnorm.ray


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--column", default="text")
    ap.add_argument("--to", default="hans", choices=["hans", "hant", "tw", "hk", "keep"])
    args = ap.parse_args()
    ray.init(address=os.environ.get("RAY_ADDRESS"), include_dashboard=False)
    ds = ray.data.read_json(args.input)
    zhnorm.ray.normalize_dataset(ds, column=args.column, to=args.to).write_json(args.output, force_ascii=False)


if __name__ == "__main__":
    main()
