#!/usr/bin/env python3
"""Runs a command with another umask, as a unit's UMask= or a careful root shell would.

Usage: with-umask.py OCTAL COMMAND [ARGUMENT...]
"""
import os
import sys

os.umask(int(sys.argv[1], 8))
os.execvp(sys.argv[2], sys.argv[2:])
