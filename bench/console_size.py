"""The console's weight: what the first screens load, and the whole build.

Debian's Chromium (through Playwright, as the browser tests run it) opens each first screen
through the gateway (deploy/local/gateway.sh, which gzips JavaScript and CSS at level 6) in a
fresh context, so with an empty cache: the portal's home (/) and the staff login (/login).
For each it sums the JavaScript and the CSS that came over the wire (bytes transferred,
headers included, as the browser's network log counts them) and prints the files. Then the
total of web/dist as built (`deploy/local/console.sh build`): raw, and gzipped file by file
at level 6 as the gateway would send them.

    ./dev bench console                  # both console benchmarks on the running system
    .venv/bin/python bench/console_size.py
    .venv/bin/python bench/console_size.py --own-stack    # a gateway of its own

Environment: GATEWAY_PORT (8080) for the running system's gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
from collections.abc import Sequence

from console_system import (
    DESKTOP,
    ROOT,
    Traffic,
    add_system_arguments,
    chromium,
    kib,
    system,
)

SCREENS = {"portal home": "/", "staff login": "/login"}
DIST = ROOT / "web" / "dist"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    add_system_arguments(parser)
    # ./dev bench console passes the case list's own options too
    known, _ = parser.parse_known_args(argv)
    return known


def dist_sizes() -> tuple[int, int, int]:
    """Files, raw bytes and gzipped bytes of web/dist."""
    files = [path for path in DIST.rglob("*") if path.is_file()]
    raw = sum(path.stat().st_size for path in files)
    zipped = sum(len(gzip.compress(path.read_bytes(), compresslevel=6)) for path in files)
    return len(files), raw, zipped


async def main(argv: Sequence[str]) -> None:
    args = parse_args(argv)
    async with system(args) as found, chromium() as browser:
        for name, path in SCREENS.items():
            context = await browser.new_context(viewport=DESKTOP, locale="zh-CN")
            page = await context.new_page()
            traffic = await Traffic.watch(page)
            await page.goto(found.gateway_url + path, wait_until="networkidle")
            scripts = traffic.requests("Script")
            styles = traffic.requests("Stylesheet")
            print(
                f"{name} ({path}): JavaScript {kib(traffic.bytes_of(scripts))} in "
                f"{len(scripts)} files, CSS {kib(traffic.bytes_of(styles))} in {len(styles)} "
                f"files, together {kib(traffic.bytes_of(scripts + styles))} transferred"
            )
            for rid in scripts + styles:
                file = traffic.urls[rid].removeprefix(found.gateway_url)
                print(f"    {file}  {kib(traffic.transferred.get(rid, 0))}")
            await context.close()
    if not DIST.is_dir():
        sys.exit("web/dist is missing: run deploy/local/console.sh build")
    count, raw, zipped = dist_sizes()
    print(f"web/dist: {count} files, {kib(raw)} raw, {kib(zipped)} gzipped (level 6, each)")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
