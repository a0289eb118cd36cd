"""What the benchmark scripts in this folder share: one child process timed as a user runs it."""
import os
import subprocess
import sys
import time


def timed(cmd, quiet_stderr=False):
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process; exits
    with a message when the child fails."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet_stderr else None)
    _, status, usage = os.wait4(child.pid, 0)   # this child's own usage, not all children's
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{' '.join(str(c) for c in cmd[:3])} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
