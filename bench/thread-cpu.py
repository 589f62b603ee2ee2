#!/usr/bin/env python3
"""CPU time per thread name over a window, from /proc: which threads a benchmark's cores went to.

    bench/thread-cpu.py 10        # sample now and 10 s later; prints seconds of CPU and the share of each
                                  # JVM thread name (numbered pools folded), PostgreSQL process by role

Threads of a Java process are named by their thread names (Linux keeps the first 15 characters); a PostgreSQL
backend is named by its command line ("pg:postgres <database>"), so the ledger's writer stands apart from
autovacuum or the WAL writer.
"""
import collections
import os
import re
import sys
import time


def snapshot():
    cpu = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            process = open(f'/proc/{pid}/comm').read().strip()
            label = None
            if process == 'postgres':
                words = open(f'/proc/{pid}/cmdline').read().split('\0')[0].split()
                label = 'pg:' + ' '.join(words[1:3])
            for tid in os.listdir(f'/proc/{pid}/task'):
                stat = open(f'/proc/{pid}/task/{tid}/stat').read()
                name = stat[stat.index('(') + 1:stat.rindex(')')]
                fields = stat[stat.rindex(')') + 2:].split()
                ticks = int(fields[11]) + int(fields[12])  # utime + stime
                cpu[(pid, tid)] = (label or f'{process}|' + re.sub(r'[-#]?\d+$', 'N', name), ticks)
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return cpu


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    hz = os.sysconf('SC_CLK_TCK')
    before = snapshot()
    time.sleep(seconds)
    spent = collections.Counter()
    for key, (name, ticks) in snapshot().items():
        delta = ticks - before.get(key, (name, 0))[1]
        if delta > 0:
            spent[name] += delta
    total = sum(spent.values()) or 1
    for name, ticks in spent.most_common(25):
        print(f'{ticks / hz:7.2f} s {100 * ticks / total:5.1f} %  {name}')
    print(f'{total / hz:7.2f} s of CPU in {seconds:g} s')


if __name__ == '__main__':
    main()
