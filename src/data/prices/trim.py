#!/usr/bin/env python3
"""Derive genai-prices.json from the genai-prices 0.2.3 export: keep what `calc_price` and the app use.

Usage: python3 trim.py genai-prices-0.2.3-pypi-export.json > genai-prices.json
Kept per provider: id, name, provider_match, fallback_model_providers, models.
Kept per model: id, name, match, context_window, deprecated, prices, price_variants (all price keys).
Dropped: descriptions, price comments, pricing URLs, API URL patterns, provider model_match, usage extractors.
Output: compact JSON, keys in the original order. Numbers are re-emitted by Python's json (same values).
"""
import json
import sys

PROVIDER_KEYS = ["id", "name", "provider_match", "fallback_model_providers", "models"]
MODEL_KEYS = ["id", "name", "match", "context_window", "deprecated", "prices", "price_variants"]

with open(sys.argv[1], encoding="utf-8") as f:
    providers = json.load(f)
out = []
for p in providers:
    q = {k: p[k] for k in PROVIDER_KEYS if k in p}
    q["models"] = [{k: m[k] for k in MODEL_KEYS if k in m} for m in p["models"]]
    out.append(q)
json.dump(out, sys.stdout, separators=(",", ":"), ensure_ascii=False)
