#!/usr/bin/python3
"""Time each benchmark path alone: N sequential requests on one keep-alive connection.

    /usr/bin/python3 bench/probe.py --port 18931 [--repeat 5] PATH...

Prints a Markdown table: path, HTTP status, `total` of a list response, response
size and the median and slowest time of the requests. The wrk scenarios that
rotate over several paths give one number for all of them; this says which path
is the slow one. Only 127.0.0.1 is asked. Standard library only.
"""

import argparse
import http.client
import json
import statistics
import sys
import time


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("paths", nargs="+")
    args = p.parse_args(argv)

    print("| path | status | total | bytes | median ms | max ms |")
    print("|---|---|---|---|---|---|")
    conn = None
    for path in args.paths:
        times = []
        status = body = None
        try:
            for _ in range(max(1, args.repeat)):
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=args.timeout)
                t0 = time.perf_counter()
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                times.append((time.perf_counter() - t0) * 1000)
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
        except (OSError, http.client.HTTPException) as e:
            if conn is not None:
                conn.close()
            conn = None
            print("| `%s` | %s | | | | |" % (path, type(e).__name__))
            continue
        total = ""
        try:
            doc = json.loads(body)
            if isinstance(doc, dict) and "total" in doc:
                total = str(doc["total"])
        except ValueError:
            total = "not JSON"
        print("| `%s` | %s | %s | %d | %.2f | %.2f |" % (
            path, status, total, len(body), statistics.median(times), max(times)))
    if conn is not None:
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
