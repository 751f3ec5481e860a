"""Sans-I/O codecs: call options -> request, response -> result, events -> parts.

Nothing in this package opens a socket, reads the environment or looks at a clock;
every codec is tested by feeding it bytes.
"""
