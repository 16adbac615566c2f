"""Stage 4: check link health over HTTP (httpx, async), with a history of past checks."""
