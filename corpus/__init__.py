"""The bundled sample corpus: realistic raw page dumps with ground truth (`newsware sample`).

Entry points: `corpus.generate.iter_dumps` / `write_corpus` and `corpus.losses.load_series`.
Module map: losses (the public loss series), vocab + topics (words), text (articles),
feed (live feed), pages (one renderer per site), variants (re-captures, bad files),
labels (ground truth), generate (orchestration).
"""
