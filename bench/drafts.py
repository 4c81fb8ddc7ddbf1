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

def _words(text: str) -> list[str]:
    return text.split()


NAMES = _words(
    "山田 佐藤 鈴木 高橋 田中 伊藤 渡辺 中村 小林 加藤 吉田 山本 松本 井上 木村 清水 林 斎藤 山口 森 池田 橋本 阿部 石川 前田 "
    "藤田 小川 岡田 後藤 長谷川 石井 村上 近藤 坂本 遠藤 青木 藤井 西村 福田 太田 三浦 岡本 松田 中川 中野 原田 小野 田村 竹内 金子 "
    "和田 中山 石田 上田 森田 原 柴田 酒井 工藤 横山 宮崎 宮本 内田 高木 安藤 谷口 大野 丸山 今井 河野 藤原 村田 武田 上野 杉山 増田 "
    "小山 大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 新井 渡部"
)
_COMPANY_STEMS = _words(
    "サンプル みどり ひかり 東都 北星 青葉 東雲 みなと さくら 北斗 大和 光洋 丸善 朝日 富士 若葉 瑞穂 共栄 明星 大成 "
    "新栄 港南 白鷺 松風 藤波 千代田 ミライ ネクスト アルファ コスモ スカイ グローバル リンクス ブリッジ クレスト"
)
_COMPANY_TRADES = _words(
    "商事 工業 物流 システム デザイン 製作所 電機 食品 建設 不動産 薬品 出版 観光 印刷 ソリューションズ テクノロジー "
    "ホールディングス 産業 精機 化学 運輸 通信 サービス 企画 メディカル"
)
COMPANIES = [
    form.format(stem=stem, trade=trade)
    for stem in _COMPANY_STEMS
    for trade in _COMPANY_TRADES
    for form in ("株式会社{stem}{trade}", "{stem}{trade}株式会社", "有限会社{stem}{trade}", "合同会社{stem}{trade}")
]
_AREAS = _words(
    "経費精算 勤怠管理 顧客管理 在庫管理 会計 給与計算 人事評価 予約管理 受発注 請求書発行 契約管理 文書管理 採用管理 販売管理 "
    "問い合わせ管理 営業支援 社内チャット ビデオ会議 電子署名 オンラインストレージ 健康管理 研修管理 施設予約 名刺管理 "
    "アンケート ポイント管理 会員管理 配送管理 生産管理 見積作成 シフト作成 備品管理 入退室管理 経営分析 メール配信"
)
_FEATURES = _words(
    "一覧画面 検索機能 承認フロー 通知設定 CSV取り込み PDF出力 集計レポート ダッシュボード 権限設定 自動連携 一括編集 "
    "履歴表示 印刷機能 スマートフォンアプリ API カレンダー表示 添付ファイル テンプレート コメント機能 外部連携 "
    "データバックアップ ログイン画面 管理画面 入力フォーム 絞り込み機能 エクスポート機能 定期実行 多言語表示 "
    "シングルサインオン 二段階認証 ユーザー招待機能 グラフ表示 タグ機能 ワークフロー"
)
PRODUCTS = [f"{area}の{feature}" for area in _AREAS for feature in _FEATURES] + _FEATURES
SYMPTOMS = [
    "ログインできない", "画面が真っ白になる", "エラーメッセージが表示される", "データが保存されない", "読み込みが終わらない",
    "メールが届かない", "文字化けが発生する", "動作が遅くなる", "ボタンが反応しない", "ファイルをアップロードできない",
    "支払いが完了しない", "設定が反映されない", "検索結果が表示されない", "金額が正しく計算されない", "通知が二重に届く",
    "日付が一日ずれて表示される", "添付ファイルが開けない", "承認依頼が上長に届かない", "一覧の件数が合わない",
    "長い名前が途中で切れる", "数字が全角で保存される", "同期が途中で止まる", "パスワード再設定のメールが届かない",
    "権限がないというエラーが出る", "印刷するとレイアウトが崩れる", "取り込んだ住所が文字化けする", "予約が重複して登録される",
    "グラフが更新されない", "すぐにログアウトされてしまう", "アプリが強制終了する", "入力した内容が消えてしまう",
    "新しい税率が反映されない", "集計値が前月のままになる", "招待メールのリンクが無効になる", "認証コードが届かない",
    "削除したはずのデータが残っている", "表示言語が英語に戻る", "並び順が保存されない", "画像が表示されない",
    "ダウンロードしたファイルが壊れている", "締め処理が終わらない", "CSVの列がずれる", "ステータスが更新されない",
]
CAUSES = _words(
    "ブラウザのキャッシュ 古いバージョンのアプリ サーバー側の設定不備 一時的な通信障害 アカウント権限の不足 証明書の有効期限切れ "
    "メンテナンス作業の影響 外部サービスの障害 入力データの形式 セキュリティソフトの設定 プロキシサーバーの制限 "
    "ブラウザの拡張機能 端末の時刻設定 迷惑メールフィルター 社内ネットワークの制限 文字コードの違い データベースの負荷 "
    "先週のアップデート 連携先の仕様変更 同時アクセスの集中 タイムゾーンの設定 古い端末のOS 容量の上限 "
    "パスワードの有効期限 重複したアカウント 未完了の初期設定 誤った権限グループ 自動更新の失敗 キャッシュサーバーの不具合 "
    "一部の地域での回線障害"
)
ACTIONS = [
    "ブラウザのキャッシュを削除", "アプリを最新版に更新", "一度ログアウトしてから再度ログイン", "別のブラウザで操作", "端末を再起動",
    "パスワードを再設定", "管理者の方に権限の付与を依頼", "通信環境を確認", "設定画面で通知を有効に", "CSVファイルの文字コードをUTF-8に変更",
    "ブラウザの拡張機能を無効に", "端末の日付と時刻を自動設定に", "迷惑メールフォルダを確認", "アプリを一度削除して再インストール",
    "社内のネットワーク管理者に通信許可を依頼", "対象のファイルを保存し直してから再度アップロード", "表示言語を日本語に切り替え",
    "プライベートウィンドウで同じ操作を実行", "二段階認証の設定をやり直し", "集計期間を指定し直", "不要な添付ファイルを整理",
    "承認ルートを見直", "対象の行を選択してから再送信", "画面を最新の状態に更新", "ご利用のプランを確認",
    "権限グループの設定を変更", "同期を一時停止してから再開", "テンプレートを初期状態に戻", "タイムゾーンを日本時間に変更",
    "入力欄の全角数字を半角に修正", "ログイン履歴を確認", "招待メールを再送", "保存先のフォルダを変更",
]
ITEMS = _words(
    "ご利用の端末とOSのバージョン ブラウザの種類とバージョン エラーが発生した日時 表示されたエラーメッセージの全文 操作の手順 "
    "ご契約中のプラン名 対象のアカウントID エラー画面のスクリーンショット 発生頻度 直前に変更した設定 対象の請求書番号 "
    "ご利用のネットワーク環境 アプリのバージョン番号 取り込んだCSVファイル 影響を受けている利用者の人数 ご担当者様のお名前 "
    "対象の予約番号 ログの出力結果 発生している画面のURL 問題の起きた伝票番号 お使いのプリンターの機種名 "
    "セキュリティソフトの製品名 同じ現象が起きる他の端末の有無 承認者のアカウント 設定画面の写真 データの件数"
)
ADVERBS = _words(
    "現在 至急 引き続き 念のため 改めて あいにく 大変 誠に 早急に 順次 追って なお 一方で 現時点では 原則として "
    "あらかじめ 残念ながら 幸い おそらく 実際には 通常 今のところ 依然として"
)
TIMES = _words(
    "本日 明日 今週中 来週月曜日 3営業日以内 本日17時 月末 次回のリリース 明日の午前中 今月20日 来月上旬 "
    "今週金曜日 2営業日以内 週明け 年内 今月末 次回の定期メンテナンス 明後日 来週中"
)
REASONS = _words(
    "原因を特定するため 正確に状況を把握するため 調査を早く進めるため 同じ現象を再現するため 不正なアクセスを防ぐため "
    "お客様の情報を保護するため データの消失を防ぐため 設定の誤りを確認するため 最新の修正を反映するため "
    "担当部署へ正しく引き継ぐため 請求内容を確定するため 二重の登録を避けるため 安全に復旧作業を行うため "
    "影響の範囲を確認するため 対象のデータを特定するため"
)
DOMAINS = _words("example.com support.example.jp help.sample.co.jp status.example.net docs.example.org faq.example.co.jp")
PATHS = [f"{section}/{slug}" for section in _words("faq help/articles guide news manual support/topics") for slug in _words(
    "login 1234 settings?tab=notify 2024/maintenance api#auth billing csv-import password-reset two-factor invoice export "
    "mobile-app sso permissions backup")]
PLACEHOLDERS = ["{{customer_name}}", "{{ ticket.id }}", "${agent}", "%COMPANY%", "[[product]]", "{{order_no}}", "{{ due_date }}"]
EMOJI = ["🙇", "😊", "📎", "✅", "🙏", "⚠️"]

# People, things and deeds of a customer's working day: what a reply restates and explains.
WHO = [
    "経理担当の方", "新しく入社された方", "店舗のスタッフの方", "外出中の営業担当者", "人事部の皆様", "ご契約者様", "現場の責任者の方",
    "システム管理者の方", "アルバイトの方", "取引先のご担当者様", "在宅勤務中の社員の方", "本社の総務部", "複数の拠点の利用者",
    "海外の子会社の方", "お客様ご自身", "承認者の方", "新しく追加したユーザー", "部長クラスのアカウント",
]
WHAT = _words(
    "月次の締め処理 取引先への請求書 来月のシフト表 顧客リスト 出張旅費の申請 見積書の控え 会議室の予約 新入社員の登録 "
    "年末調整の書類 給与明細 商品マスタ 仕入れ先の情報 契約書の原本 研修の受講記録 経費の領収書 売上の集計表 "
    "在庫の棚卸し結果 配送先の住所録 アンケートの回答 ポイントの付与履歴 会員情報 キャンペーンの告知メール "
    "部門ごとの予算 勤務実績 休暇の申請 備品の発注 交通費の精算 発注書 納品書 議事録 社内規程 組織図 "
    "顧客からの問い合わせ履歴 契約の更新日 支払いの予定表 口座振替の情報 プロジェクトの進捗表"
)
DONE = _words(
    "作成した 承認した 取り込んだ 印刷した 共有した 更新した 申請した 登録した 修正した 送信した 集計した 書き出した "
    "移行した 削除した 複製した 並べ替えた 検索した 保存した 添付した 差し戻した 確定した 下書きに戻した 一括で変更した "
    "ダウンロードした 再計算した 転送した"
)
CONTEXT = [
    "{who}が{what}を{done}ところ、{symptom}とのことですね。",
    "先日、{who}が{what}を{done}際に、{symptom}ようです。",
    "{what}を{done}後で{symptom}場合は、{cause}が影響していることが多いです。",
    "ご連絡いただいた内容によりますと、{what}を{done}直後から{symptom}状態とのことでした。",
    "{who}の画面でのみ{symptom}のであれば、{cause}が考えられます。",
    "{what}を{done}記録は、{product}の履歴画面で確認できます。",
    "{who}が{what}を{done}かどうかは、管理画面の操作ログでお調べいただけます。",
    "{what}は{time}までに{done}ものが対象となります。",
]

GREETINGS = [
    "いつも{product}をご利用いただき、誠にありがとうございます。",
    "お問い合わせいただきありがとうございます。",
    "平素より格別のご高配を賜り、厚く御礼申し上げます。",
    "このたびはご連絡いただき、ありがとうございます。",
    "サポート窓口の{agent}でございます。",
    "{product}についてお問い合わせいただき、ありがとうございます。",
    "いつもお世話になっております。サポートセンターの{agent}です。",
    "ご連絡ありがとうございます。担当の{agent}が承ります。",
    "日頃より{product}をご愛用いただき、ありがとうございます。",
    "{product}の件でご連絡いただき、ありがとうございます。",
]
APOLOGIES = [
    "{product}で{symptom}件につきまして、ご不便をおかけしており申し訳ございません。",
    "ご迷惑をおかけしておりますこと、心よりお詫び申し上げます。",
    "ご回答が遅くなり、大変申し訳ございません。",
    "せっかくご利用いただいているにもかかわらず、ご期待に沿えず申し訳ございません。",
    "{symptom}とのこと、お困りのところ申し訳ございません。",
    "{product}で{symptom}状況とのこと、ご不便をおかけしております。",
    "お急ぎのところ、{symptom}問題でお手数をおかけしております。",
    "{time}のご利用に影響が出ておりますこと、お詫び申し上げます。",
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
    "{adverb}、{product}では{cause}が確認されております。",
    "{cause}が重なると、{product}で{symptom}場合がございます。",
    "担当部署に確認したところ、{product}は{time}に改修される予定です。",
    "{product}と{product2}は別々に設定を保存する仕組みになっております。",
    "お送りいただいた情報から、{cause}による現象と判断いたしました。",
    "はい、{product}から{product2}へデータを移すことは可能です。",
    "いいえ、現在の{product}では{product2}との自動連携には対応しておりません。",
    "{product}の設定は、管理者権限をお持ちのアカウントでのみ変更できます。",
    "{time}以降は、{product}の画面から同じ操作をしていただけます。",
    "{cause}については、{time}までに恒久的な対策を実施いたします。",
    "弊社側のログでは、{time}に{product}への接続が集中していたことが確認できました。",
    "{product}のデータは毎日自動でバックアップされておりますので、ご安心ください。",
]
REQUESTS_BARE = [
    "{action}してください。",
    "お手数ですが、{item}をお送りいただけますでしょうか。",
    "{action}していただけますと幸いです。",
    "{item}をご確認ください。",
    "{item}のご提供をお願いいたします。",
    "{time}までにご返信いただけますか。",
    "{item}と{item2}をお知らせください。",
    "恐れ入りますが、{action}していただけますでしょうか。",
    "{time}までに{item}をご用意いただけますか。",
]
REQUESTS_REASONED = [
    "原因を特定するため、{item}をお送りいただけますでしょうか。",
    "{cause}の影響が考えられますので、{action}してください。",
    "調査に必要となりますので、{item}をお知らせいただけますと幸いです。",
    "正しく表示されるよう、{action}していただけますでしょうか。",
    "{cause}が原因の可能性があるため、{action}していただくようお願いいたします。",
    "{reason}、{item}をお送りください。",
    "{reason}、{time}までに{action}していただけますでしょうか。",
    "{reason}に、{item}と{item2}をご確認いただけますと幸いです。",
]
CLOSINGS = [
    "ご不明な点がございましたら、お気軽にお問い合わせください。",
    "今後ともよろしくお願いいたします。",
    "引き続きよろしくお願い申し上げます。",
    "何卒よろしくお願いいたします。",
    "お手数をおかけいたしますが、ご確認のほどよろしくお願いいたします。",
    "ご不便をおかけいたしますが、何卒ご理解賜りますようお願い申し上げます。",
    "今後とも{product}をよろしくお願いいたします。",
    "ほかにもお困りのことがございましたら、このメールにご返信ください。",
]
QUOTES = [
    "{product}で{symptom}のですが、どうすればよいでしょうか。",
    "昨日から{symptom}状態が続いています。",
    "急ぎで対応をお願いします！",
    "{time}までに直りますか？",
    "{item}はどこで確認できますか?",
    "{product}から{product2}にデータを移せますか？",
    "{symptom}ので、業務が止まっていて困っています。",
    "{cause}が関係しているのでしょうか。",
    "先週から何度か{symptom}ことがあります。",
]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        product=rng.choice(PRODUCTS),
        product2=rng.choice(PRODUCTS),
        symptom=rng.choice(SYMPTOMS),
        cause=rng.choice(CAUSES),
        action=rng.choice(ACTIONS),
        item=rng.choice(ITEMS),
        item2=rng.choice(ITEMS),
        adverb=rng.choice(ADVERBS),
        time=rng.choice(TIMES),
        agent=rng.choice(NAMES),
        reason=rng.choice(REASONS),
        who=rng.choice(WHO),
        what=rng.choice(WHAT),
        done=rng.choice(DONE),
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
    sentences = [_fill(rng, rng.choice(EXPLANATIONS if rng.random() < 0.6 else CONTEXT)) for _ in range(rng.randint(1, 3))]
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
