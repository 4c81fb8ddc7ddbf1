"""A deterministic generator of realistic Japanese support-reply drafts, for the benchmark.

Seeded (`random.Random(seed)`), no network, no data files: the same seed gives the same corpus on
every machine. A draft is 300–1,500 characters and mixes what real replies hold: an addressee,
thanks and apologies, explanations, quoted customer lines (`>`), bulleted and numbered lists,
URLs, mail addresses and template placeholders, requests with and without reasons, and closing
formulas, drawn from a wide vocabulary so the tagger sees many different words.
"""

from __future__ import annotations

import random
from pathlib import Path

NAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "山本", "松本", "井上", "木村", "清水", "林", "斎藤", "山口", "森"]
COMPANIES = ["株式会社サンプル", "有限会社みどり商事", "ABCソリューションズ株式会社", "合同会社ひかりデザイン", "東都システム株式会社", "北星物流株式会社"]
PRODUCTS = ["管理画面", "ダッシュボード", "請求書発行機能", "スマートフォンアプリ", "API", "CSVエクスポート", "シングルサインオン", "通知メール", "予約システム", "在庫管理機能", "ファイル共有", "レポート機能", "二段階認証", "ユーザー招待機能", "データバックアップ", "決済画面"]
SYMPTOMS = ["ログインできない", "画面が真っ白になる", "エラーメッセージが表示される", "データが保存されない", "読み込みが終わらない", "メールが届かない", "文字化けが発生する", "動作が遅くなる", "ボタンが反応しない", "ファイルをアップロードできない", "支払いが完了しない", "設定が反映されない"]
CAUSES = ["ブラウザのキャッシュ", "古いバージョンのアプリ", "サーバー側の設定不備", "一時的な通信障害", "アカウント権限の不足", "証明書の有効期限切れ", "メンテナンス作業の影響", "外部サービスの障害", "入力データの形式", "セキュリティソフトの設定"]
ACTIONS = ["ブラウザのキャッシュを削除", "アプリを最新版に更新", "一度ログアウトしてから再度ログイン", "別のブラウザでお試し", "端末を再起動", "パスワードを再設定", "管理者の方に権限の付与を依頼", "通信環境をご確認", "設定画面で通知を有効に", "CSVファイルの文字コードをUTF-8に変更"]
ITEMS = ["ご利用の端末とOSのバージョン", "ブラウザの種類とバージョン", "エラーが発生した日時", "表示されたエラーメッセージの全文", "操作の手順", "ご契約中のプラン名", "対象のアカウントID", "エラー画面のスクリーンショット", "発生頻度", "直前に変更した設定"]
ADVERBS = ["現在", "至急", "引き続き", "念のため", "改めて", "あいにく", "大変", "誠に", "早急に", "順次", "追って", "なお"]
TIMES = ["本日", "明日", "今週中", "来週月曜日", "3営業日以内", "本日17時まで", "月末", "次回のリリース"]
DOMAINS = ["example.com", "support.example.jp", "help.sample.co.jp", "status.example.net", "docs.example.org"]
PATHS = ["faq/login", "help/articles/1234", "guide/settings?tab=notify", "news/2024/maintenance", "manual/api#auth", "contact"]
PLACEHOLDERS = ["{{customer_name}}", "{{ ticket.id }}", "${agent}", "%COMPANY%", "[[product]]"]
EMOJI = ["🙇", "😊", "📎", "✅"]

GREETINGS = [
    "いつも{product}をご利用いただき、誠にありがとうございます。",
    "お問い合わせいただきありがとうございます。",
    "平素より格別のご高配を賜り、厚く御礼申し上げます。",
    "このたびはご連絡いただき、ありがとうございます。",
    "サポート窓口の{agent}でございます。",
]
APOLOGIES = [
    "{product}で{symptom}件につきまして、ご不便をおかけしており申し訳ございません。",
    "ご迷惑をおかけしておりますこと、心よりお詫び申し上げます。",
    "ご回答が遅くなり、大変申し訳ございません。",
    "せっかくご利用いただいているにもかかわらず、ご期待に沿えず申し訳ございません。",
]
EXPLANATIONS = [
    "{adverb}、{cause}が原因で{product}が正常に動作していない可能性がございます。",
    "社内で確認いたしましたところ、{cause}により{symptom}ことが分かりました。",
    "{product}は{time}に予定しているメンテナンスの後、順次復旧する見込みです。",
    "ご指摘の現象は、{cause}の影響で{symptom}というものです。",
    "開発チームと連携して調査を進めておりますが、{adverb}原因の特定には至っておりません。",
    "{product}の仕様上、一度削除したデータを復元することはできません。",
    "ご契約中のプランでは{product}をご利用いただけませんので、上位プランへの変更が必要です。",
    "同様のお問い合わせを複数いただいており、{time}までに修正版を公開する予定です。",
    "なお、{product}の詳しい使い方は以下のページでもご案内しております。",
    "調査の結果、{cause}を見直すことで{symptom}問題は解消されると考えております。",
]
REQUESTS_BARE = [
    "{action}してください。",
    "お手数ですが、{item}をお送りいただけますでしょうか。",
    "{action}していただけますと幸いです。",
    "{item}をご確認ください。",
    "{item}のご提供をお願いいたします。",
    "{time}までにご返信いただけますか。",
]
REQUESTS_REASONED = [
    "原因を特定するため、{item}をお送りいただけますでしょうか。",
    "{cause}の影響が考えられますので、{action}してください。",
    "調査に必要となりますので、{item}をお知らせいただけますと幸いです。",
    "正しく表示されるよう、{action}していただけますでしょうか。",
    "{cause}が原因の可能性があるため、{action}していただくようお願いいたします。",
]
CLOSINGS = [
    "ご不明な点がございましたら、お気軽にお問い合わせください。",
    "今後ともよろしくお願いいたします。",
    "引き続きよろしくお願い申し上げます。",
    "何卒よろしくお願いいたします。",
    "お手数をおかけいたしますが、ご確認のほどよろしくお願いいたします。",
    "ご不便をおかけいたしますが、何卒ご理解賜りますようお願い申し上げます。",
]
QUOTES = [
    "{product}で{symptom}のですが、どうすればよいでしょうか。",
    "昨日から{symptom}状態が続いています。",
    "急ぎで対応をお願いします！",
    "{time}までに直りますか？",
    "{item}はどこで確認できますか?",
]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        product=rng.choice(PRODUCTS),
        symptom=rng.choice(SYMPTOMS),
        cause=rng.choice(CAUSES),
        action=rng.choice(ACTIONS),
        item=rng.choice(ITEMS),
        adverb=rng.choice(ADVERBS),
        time=rng.choice(TIMES),
        agent=rng.choice(NAMES),
    )


def _url(rng: random.Random) -> str:
    return f"https://{rng.choice(DOMAINS)}/{rng.choice(PATHS)}"


def _body_block(rng: random.Random) -> list[str]:
    kind = rng.random()
    if kind < 0.15:
        lines = [">" + " " * rng.randint(0, 1) + _fill(rng, rng.choice(QUOTES)) for _ in range(rng.randint(1, 3))]
        return ["\n".join(lines)]
    if kind < 0.30:
        head = _fill(rng, "お手数ですが、以下の情報をお知らせいただけますでしょうか。" if rng.random() < 0.5 else "以下の手順をお試しください。")
        if rng.random() < 0.5:
            items = [f"・{rng.choice(ITEMS)}" for _ in range(rng.randint(2, 5))]
        else:
            items = [f"{k}. {_fill(rng, '{action}します。')}" for k in range(1, rng.randint(3, 5))]
        return [head + "\n" + "\n".join(items)]
    if kind < 0.40:
        return [_fill(rng, rng.choice(["詳しくは以下のページをご覧ください。", "手順は次のヘルプ記事にまとめております。"])) + "\n" + _url(rng)]
    if kind < 0.55:
        return [_fill(rng, rng.choice(REQUESTS_BARE if rng.random() < 0.4 else REQUESTS_REASONED))]
    sentences = [_fill(rng, rng.choice(EXPLANATIONS)) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.15:
        sentences.append(f"お急ぎの場合は support@{rng.choice(DOMAINS)} までご連絡ください。")
    if rng.random() < 0.1:
        sentences.append(f"担当の{rng.choice(PLACEHOLDERS)}よりご連絡いたします{rng.choice(EMOJI)}")
    joiner = "\n" if rng.random() < 0.3 else ""
    return [joiner.join(sentences)]


def draft(rng: random.Random) -> str:
    """One draft of 300–1,500 characters."""
    target = rng.randint(300, 1500)
    head = [f"{rng.choice(COMPANIES)}\n{rng.choice(NAMES)}様" if rng.random() < 0.7 else f"{rng.choice(PLACEHOLDERS)}様"]
    head.append(_fill(rng, rng.choice(GREETINGS)) + _fill(rng, rng.choice(APOLOGIES)))
    tail = [_fill(rng, rng.choice(CLOSINGS)), f"--\nサポートセンター {rng.choice(NAMES)}"]
    body: list[str] = []
    size = sum(len(b) + 2 for b in head + tail)
    while size < target:
        block = _body_block(rng)
        body.extend(block)
        size += sum(len(b) + 2 for b in block)
    text = "\n\n".join(head + body + tail) + "\n"
    if len(text) > 1500:  # trim whole blocks from the body until it fits
        while body and len(text) > 1500:
            body.pop()
            text = "\n\n".join(head + body + tail) + "\n"
    return text


def generate(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [draft(rng) for _ in range(n)]


def big_draft(chars: int, seed: int = 7) -> str:
    """One long text (a thread export, say) made of drafts until it has `chars` characters."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        d = draft(rng)
        parts.append(d)
        size += len(d) + 1
    return "\n".join(parts)[:chars]


def write_corpus(folder: Path, n: int, seed: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, text in enumerate(generate(n, seed)):
        p = folder / f"draft-{k:05d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    import sys

    texts = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
    print(f"{len(texts)} drafts, {sum(map(len, texts))} characters, {min(map(len, texts))}–{max(map(len, texts))} each", file=sys.stderr)
    print(texts[0])
