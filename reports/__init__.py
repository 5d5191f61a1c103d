"""Turns a results file into HTML and markdown.  Reads only the results JSON."""
