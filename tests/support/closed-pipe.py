#!/usr/bin/env python3
"""Runs a command with its standard output a pipe whose reader is gone from the start, as
`command | head -1` once head has exited: every write fails (EPIPE, or SIGPIPE when the command
does not ignore it). Passes the command's stderr through and exits with its status (128 + N when
signal N ended it, as a shell says). Used by the e2e tests: no timing in it."""
import os
import subprocess
import sys

r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)
