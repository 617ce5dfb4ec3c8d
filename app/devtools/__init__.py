"""Development stand-ins for outside systems. Each runs as its own process, speaks the real protocol,
and is never imported by the portal itself: production settings cannot turn them on."""
