"""Assisted submission: a post-office assistant acts for a citizen who consented, within limits."""
