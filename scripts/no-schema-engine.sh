#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` only needs the path to exist; migrations go through the
# WASM engine (npm run db:migrate). Anything that really runs this fails loudly.
echo "The native Prisma schema engine is not used by Chorus: run 'npm run db:migrate' instead." >&2
exit 1
