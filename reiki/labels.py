"""Words the extension prints, per output language."""

from __future__ import annotations

LABELS = {
    "ja": {
        "kind": "種別",
        "number": "例規番号",
        "enacted": "制定日",
        "owner": "所管課",
        "reviewed": "最終見直し日",
        "next-review": "次回見直し予定日",
        "id": "識別子",
        "history": "制定・改正の履歴",
        "type": "区分",
        "date": "制定日・改正日",
        "effective": "施行日",
        "summary": "要旨",
        "suppl": "附則",
        "refby": "この条を引用している箇所",
        "unknown": "未確認",
        "statute": "法令",
        "article": "条",
        "caption": "見出し",
        "status": "確認状況",
        "cited": "引用箇所",
        "law_number": "法令番号",
        "verified": "確認済み",
        "partial": "一部確認",
        "unverified": "未確認",
        "deleted": "削除",
        "question": "問{n}",
        "answer": "答え",
        "show_answer": "答えを見る",
    },
    "en": {
        "kind": "Kind",
        "number": "Number",
        "enacted": "Enacted",
        "owner": "Owning section",
        "reviewed": "Last reviewed",
        "next-review": "Next review due",
        "id": "Identifier",
        "history": "Enactment and amendments",
        "type": "Type",
        "date": "Date",
        "effective": "In force from",
        "summary": "Summary",
        "suppl": "Supplementary provisions",
        "refby": "Cited by",
        "unknown": "unknown (to be confirmed)",
        "statute": "Statute",
        "article": "Article",
        "caption": "Caption",
        "status": "Status",
        "cited": "Cited at",
        "law_number": "Law number",
        "verified": "verified",
        "partial": "partly verified",
        "unverified": "unverified",
        "deleted": "Deleted",
    },
}


def label(key: str, lang: str | None) -> str:
    """The word for key in the output language (Japanese by default)."""
    return LABELS["en" if (lang or "ja").startswith("en") else "ja"][key]
