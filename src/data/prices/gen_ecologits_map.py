#!/usr/bin/env python3
"""Generate ecologits_map.json: which EcoLogits 0.11.3 model each genai-prices 0.2.3 model is.

Run in a venv holding genai-prices==0.2.3:  python gen_ecologits_map.py ../ecologits/models.json > ecologits_map.json
Method (no hand edits): every EcoLogits model name (and alias) is looked up with genai-prices' own match rules,
1. in the genai-prices provider of the same company (openai, anthropic, mistralai -> mistral,
   google_genai -> google, cohere), and
2. for Hugging Face Hub models (`org/name`), in every genai-prices provider, under the full id and the bare name.
A genai-prices model matched by several EcoLogits names keeps the one equal to its id, else the first in
EcoLogits' file order (models before aliases). Fallback providers are not followed (a model is listed under
the provider that owns it).
"""
import json
import sys

from genai_prices.data_snapshot import get_snapshot

NATIVE = {"openai": "openai", "anthropic": "anthropic", "mistralai": "mistral", "google_genai": "google",
          "cohere": "cohere"}

eco = json.load(open(sys.argv[1], encoding="utf-8"))
entries = [(m["provider"], m["name"]) for m in eco["models"]] + [(a["provider"], a["name"]) for a in eco["aliases"]]
providers = get_snapshot().providers


def own_match(provider, ref):
    ref = ref.lower()
    for m in provider.models:
        if m.is_match(ref):
            return m.id
    return None


found = {}  # (genai provider, genai model) -> [(eco provider, eco name)]
for eco_provider, name in entries:
    if eco_provider in NATIVE:
        targets = [p for p in providers if p.id == NATIVE[eco_provider]]
        refs = [name]
    elif eco_provider == "huggingface_hub":
        targets = providers
        refs = [name, name.split("/", 1)[-1]]
    else:
        continue
    for p in targets:
        for ref in refs:
            gid = own_match(p, ref)
            if gid is not None:
                found.setdefault((p.id, gid), []).append((eco_provider, name))
                break

rows = []
for (gp, gid), cands in sorted(found.items()):
    exact = [c for c in cands if c[1].lower() == gid.lower() or c[1].split("/", 1)[-1].lower() == gid.lower()]
    ep, en = (exact or cands)[0]
    rows.append({"provider": gp, "model": gid, "ecologits_provider": ep, "ecologits_model": en})
json.dump({"ecologits": "0.11.3", "genai_prices": "0.2.3", "map": rows}, sys.stdout, indent=0)
sys.stdout.write("\n")
