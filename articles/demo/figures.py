"""Figures for the LoRA Delivery demo content, drawn with Pillow.

Plain Python (no Django): ``draw(key, lang)`` returns a 1600×900 RGB image, ``save_png(key, lang, path)``
writes it. Every figure has its title and labels in the requested language (translations live in
``_T`` below; technical terms such as LoRA, NF4 and vLLM stay in Latin script).

Style: white background, flat shapes, the Okabe–Ito colour-blind-safe palette, near-black text and
text sizes between 28 and 40 px. Figures are drawn at 2× and reduced, so lines are anti-aliased.

Fonts: Noto (Debian ``fonts-noto-core`` and ``fonts-noto-cjk``), with DejaVu (``fonts-dejavu-core``) as
a fallback for symbols. Each character goes to the first font of the language's chain whose cmap has
it, so mixed text (Arabic with "LoRA", Japanese with "α/r") never shows .notdef boxes ("tofu").
Arabic needs Pillow's raqm layout (Pillow's wheels bundle libraqm and HarfBuzz and load FriBiDi from
the system: Debian ``libfribidi0``); a simple bidi pass splits Arabic lines into right-to-left and
left-to-right runs and lays them out right to left. Flow diagrams are mirrored for Arabic; charts
keep their numeric axes left to right.

Every drawn image carries ``image.info["layout_warnings"]``: text that had to overflow its box, left
the canvas, or overlaps other text. The tests require that list to be empty.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import os
import shutil
import struct
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

FIGURE_KEYS = (
    "lora-architecture",
    "deployment-pipeline",
    "evaluation-matrix",
    "qlora-memory",
    "vit-lora-targets",
    "serving-topology",
    "rank-sweep",
    "adapter-routing",
    "peft-methods",
    "adapter-lifecycle",
)
LANGUAGES = ("en", "de", "fr", "es", "ja", "zh-hans", "ar")

WIDTH, HEIGHT = 1600, 900
SCALE = 2  # supersampling factor
MIN_TEXT, MAX_TEXT = 28, 40

# Okabe–Ito palette.
BLACK = (0, 0, 0)
ORANGE = (230, 159, 0)
SKY = (86, 180, 233)
GREEN = (0, 158, 115)
YELLOW = (240, 228, 66)
BLUE = (0, 114, 178)
VERMILLION = (213, 94, 0)
PURPLE = (204, 121, 167)
INK = (26, 26, 26)
MUTED = (77, 77, 77)  # 8.4:1 on white
GRID = (215, 215, 215)
FROZEN = (120, 132, 145)  # slate grey for frozen weights
WHITE = (255, 255, 255)


def tint(colour, amount=0.22):
    """Mix a colour with white (amount = share of the colour)."""
    return tuple(round(255 - (255 - c) * amount) for c in colour)


def shade(colour, amount=0.75):
    """Darken a colour (amount = share of the colour kept)."""
    return tuple(round(c * amount) for c in colour)


# --------------------------------------------------------------------------------------------------
# Translations: key -> texts in LANGUAGES order (en, de, fr, es, ja, zh-hans, ar).
# "\xad" is a soft hyphen (a break opportunity in long German words); "\u200e" (LRM) keeps code-like
# fragments left to right inside Arabic text.
# --------------------------------------------------------------------------------------------------
_T: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # Shared
    "illustrative": (
        "Illustrative",
        "Illustrativ",
        "Illustratif",
        "Ilustrativo",
        "説明用の例",
        "示意",
        "توضيحي",
    ),
    "frozen": ("Frozen", "Eingefroren", "Gelé", "Congelado", "凍結", "冻结", "مجمّد"),
    "trainable": ("Trainable", "Trainierbar", "Entraînable", "Entrenable", "学習対象", "可训练", "قابل للتدريب"),
    # 1 lora-architecture
    "title.lora-architecture": (
        "LoRA: a frozen weight plus a trainable low-rank update",
        "LoRA: eingefrorenes Gewicht plus trainierbares Low-Rank-Update",
        "LoRA : poids gelé plus mise à jour de faible rang entraînable",
        "LoRA: peso congelado más una actualización entrenable de rango bajo",
        "LoRA：凍結した重みと学習可能な低ランク更新",
        "LoRA：冻结权重加可训练的低秩更新",
        "LoRA: وزن مجمّد مع تحديث منخفض الرتبة قابل للتدريب",
    ),
    "arch.input": ("Input x", "Eingabe x", "Entrée x", "Entrada x", "入力 x", "输入 x", "المدخل x"),
    "arch.output": ("Output h", "Ausgabe h", "Sortie h", "Salida h", "出力 h", "输出 h", "المخرج h"),
    "arch.w": (
        "Pretrained weight W",
        "Vortrainiertes Gewicht W",
        "Poids pré-entraîné W",
        "Peso preentrenado W",
        "事前学習済みの重み W",
        "预训练权重 W",
        "الوزن المدرّب مسبقًا W",
    ),
    "arch.a": (
        "Down-projection A",
        "Abwärts\xadprojektion A",
        "Projection descendante A",
        "Proyección descendente A",
        "下方射影 A",
        "降维投影 A",
        "إسقاط تنازلي A",
    ),
    "arch.b": (
        "Up-projection B",
        "Aufwärts\xadprojektion B",
        "Projection montante B",
        "Proyección ascendente B",
        "上方射影 B",
        "升维投影 B",
        "إسقاط تصاعدي B",
    ),
    "arch.a_init": (
        "random init",
        "zufällig initialisiert",
        "init. aléatoire",
        "init. aleatoria",
        "ランダム初期化",
        "随机初始化",
        "تهيئة عشوائية",
    ),
    "arch.b_init": (
        "starts at zero",
        "startet bei null",
        "part de zéro",
        "empieza en cero",
        "ゼロから開始",
        "初始化为零",
        "يبدأ من الصفر",
    ),
    "arch.scale": ("scale", "Skalierung", "échelle", "escala", "スケール", "缩放", "المقياس"),
    "arch.rank": (
        "rank r ≪ d",
        "Rang r ≪ d",
        "rang r ≪ d",
        "rango r ≪ d",
        "ランク r ≪ d",
        "秩 r ≪ d",
        "الرتبة r ≪ d",
    ),
    "arch.params": (
        "Trained: 2·d·r parameters instead of d²",
        "Trainiert: 2·d·r Parameter statt d²",
        "Entraînés : 2·d·r paramètres au lieu de d²",
        "Se entrenan 2·d·r parámetros en lugar de d²",
        "学習するのは d² ではなく 2·d·r 個のパラメータ",
        "只训练 2·d·r 个参数，而非 d²",
        "يُدرَّب \u200e2·d·r من المعاملات بدلًا من d²",
    ),
    "arch.example": (
        "d = 4096, r = 8: {lora} instead of {full} ({pct})",
        "d = 4096, r = 8: {lora} statt {full} ({pct})",
        "d = 4096, r = 8 : {lora} au lieu de {full} ({pct})",
        "d = 4096, r = 8: {lora} en lugar de {full} ({pct})",
        "d = 4096、r = 8 なら {full} ではなく {lora}（{pct}）",
        "d = 4096、r = 8 时：{lora}，而非 {full}（{pct}）",
        "عند d = 4096 وr = 8: \u200f{lora} بدلًا من {full} ({pct})",
    ),
    "arch.merge": (
        "After training, BA can be merged into W: no added latency",
        "Nach dem Training lässt sich BA in W einrechnen: keine zusätzliche Latenz",
        "Après l'entraînement, BA peut être fusionné dans W : aucune latence ajoutée",
        "Tras el entrenamiento, BA puede fusionarse en W: sin latencia añadida",
        "学習後は BA を W に統合でき、推論の遅延は増えない",
        "训练后可将 BA 合并进 W，不增加推理延迟",
        "بعد التدريب يمكن دمج BA في W دون زمن استجابة إضافي",
    ),
    # 2 deployment-pipeline
    "title.deployment-pipeline": (
        "From data to serving: the LoRA deployment pipeline",
        "Von den Daten bis zum Serving: die LoRA-Deployment-Pipeline",
        "Des données à la mise en service : le pipeline de déploiement LoRA",
        "De los datos al servicio: el pipeline de despliegue de LoRA",
        "データから提供まで：LoRA デプロイのパイプライン",
        "从数据到服务：LoRA 部署流水线",
        "من البيانات إلى الخدمة: مسار نشر LoRA",
    ),
    "pipe.data": (
        "Data curation",
        "Daten\xadkuration",
        "Curation des données",
        "Curación de datos",
        "データ整備",
        "数据整理",
        "تنقيح البيانات",
    ),
    "pipe.data.d": (
        "licences, dedup, PII removal",
        "Lizenzen, Dubletten, PII entfernen",
        "licences, doublons, données perso",
        "licencias, duplicados, datos personales",
        "ライセンス確認、重複除去、個人情報の削除",
        "许可核查、去重、去除个人信息",
        "التراخيص، إزالة التكرار، حذف البيانات الشخصية",
    ),
    "pipe.train": ("Training", "Training", "Entraînement", "Entrena\xadmiento", "学習", "训练", "التدريب"),
    "pipe.train.d": (
        "LoRA or QLoRA adapter, fixed seeds",
        "LoRA- oder QLoRA-Adapter, feste Seeds",
        "adaptateur LoRA ou QLoRA, graines fixes",
        "adaptador LoRA o QLoRA, semillas fijas",
        "LoRA または QLoRA アダプター、シード固定",
        "LoRA 或 QLoRA 适配器，固定随机种子",
        "محوّل LoRA أو QLoRA، بذور ثابتة",
    ),
    "pipe.eval": ("Evaluation", "Evaluierung", "Évaluation", "Evaluación", "評価", "评估", "التقييم"),
    "pipe.eval.d": (
        "held-out tests, baseline comparison",
        "zurück\xadgehaltene Tests, Vergleich mit der Basis",
        "tests réservés, comparaison à la base",
        "pruebas reservadas, comparación con la base",
        "ホールドアウト評価、ベースとの比較",
        "留出测试集，与基线对比",
        "اختبارات محجوزة، ومقارنة بالنموذج الأساسي",
    ),
    "pipe.safety": (
        "Safety review",
        "Sicherheits\xadprüfung",
        "Revue de sécurité",
        "Revisión de seguridad",
        "安全性レビュー",
        "安全审查",
        "مراجعة السلامة",
    ),
    "pipe.safety.d": (
        "red-teaming, policy checks",
        "Red-Teaming, Richtlinien\xadprüfung",
        "red teaming, conformité",
        "red teaming, revisión de políticas",
        "レッドチーミング、ポリシー確認",
        "红队测试、政策检查",
        "اختبار الفريق الأحمر، وفحص السياسات",
    ),
    "pipe.handoff": ("Handoff", "Übergabe", "Passation", "Traspaso", "引き渡し", "交接", "التسليم"),
    "pipe.handoff.d": (
        "model card, registry entry, sign-off",
        "Model Card, Registry-Eintrag, Freigabe",
        "fiche modèle, registre, validation",
        "ficha del modelo, registro, aprobación",
        "モデルカード、レジストリ登録、承認",
        "模型卡、注册登记、签字确认",
        "بطاقة النموذج، والتسجيل، والاعتماد",
    ),
    "pipe.serve": ("Serving", "Serving", "Mise en service", "Servicio", "提供", "上线服务", "الخدمة"),
    "pipe.serve.d": (
        "vLLM, canary release, monitoring",
        "vLLM, Canary-Release, Monitoring",
        "vLLM, déploiement canari, supervision",
        "vLLM, despliegue canario, monitorización",
        "vLLM、カナリアリリース、監視",
        "vLLM、金丝雀发布、监控",
        "vLLM، إطلاق تجريبي، مراقبة",
    ),
    "pipe.feedback": (
        "Feedback: logs, failure cases and user reports become new training data",
        "Rückkopplung: Logs, Fehlerfälle und Nutzermeldungen werden zu neuen Trainingsdaten",
        "Retour : journaux, cas d'échec et signalements deviennent de nouvelles données",
        "Retroalimentación: registros, fallos e informes de usuarios se convierten en datos nuevos",
        "フィードバック：ログ、失敗例、ユーザー報告を新しい学習データに",
        "反馈：日志、失败案例和用户报告成为新的训练数据",
        "التغذية الراجعة: السجلات وحالات الإخفاق وبلاغات المستخدمين تصبح بيانات تدريب جديدة",
    ),
    "pipe.gate": (
        "Each arrow is a gate: an adapter moves on only after the stage signs off",
        "Jeder Pfeil ist ein Tor: Ein Adapter geht erst weiter, wenn die Stufe ihn freigibt",
        "Chaque flèche est une porte : l'adaptateur n'avance qu'après validation de l'étape",
        "Cada flecha es una puerta: el adaptador solo avanza cuando la etapa lo aprueba",
        "各矢印はゲート：その段階で承認されたアダプターだけが次へ進む",
        "每个箭头都是一道关卡：只有通过本阶段审批的适配器才能进入下一步",
        "كل سهم بوابة: لا ينتقل المحوّل إلا بعد موافقة المرحلة",
    ),
    # 3 evaluation-matrix
    "title.evaluation-matrix": (
        "Comparing adapter candidates before release",
        "Adapter-Kandidaten vor der Freigabe vergleichen",
        "Comparer les adaptateurs candidats avant la mise en production",
        "Comparar adaptadores candidatos antes del lanzamiento",
        "リリース前にアダプター候補を比較する",
        "发布前比较候选适配器",
        "مقارنة المحوّلات المرشّحة قبل الإصدار",
    ),
    "eval.candidate": (
        "Adapter candidate",
        "Adapter-Kandidat",
        "Adaptateur candidat",
        "Adaptador candidato",
        "アダプター候補",
        "候选适配器",
        "المحوّل المرشّح",
    ),
    "eval.accuracy": ("Accuracy", "Genauigkeit", "Exactitude", "Exactitud", "正解率", "准确率", "الدقة"),
    "eval.latency": (
        "p95 latency (ms)",
        "p95-Latenz (ms)",
        "Latence p95 (ms)",
        "Latencia p95 (ms)",
        "p95 レイテンシ (ms)",
        "p95 延迟 (ms)",
        "زمن الاستجابة p95 (ms)",
    ),
    "eval.quality": (
        "Editorial quality (1–5)",
        "Redaktionelle Qualität (1–5)",
        "Qualité éditoriale (1–5)",
        "Calidad editorial (1–5)",
        "編集品質 (1–5)",
        "编辑质量 (1–5)",
        "الجودة التحريرية (1–5)",
    ),
    "eval.higher": (
        "higher is better",
        "höher ist besser",
        "plus haut = mieux",
        "más alto es mejor",
        "高いほど良い",
        "越高越好",
        "الأعلى أفضل",
    ),
    "eval.lower": (
        "lower is better",
        "niedriger ist besser",
        "plus bas = mieux",
        "más bajo es mejor",
        "低いほど良い",
        "越低越好",
        "الأدنى أفضل",
    ),
    "eval.legend": (
        "Shading is scaled within each column: darker = better",
        "Schattierung je Spalte skaliert: dunkler = besser",
        "Teinte normalisée par colonne : plus foncé = meilleur",
        "Tono normalizado por columna: más oscuro = mejor",
        "色の濃さは列ごとに正規化：濃いほど良い",
        "颜色按列归一化：越深越好",
        "التظليل مُطبَّع لكل عمود: الأغمق أفضل",
    ),
    "eval.best": (
        "outlined = best in column",
        "umrandet = Bestwert der Spalte",
        "encadré = meilleur de la colonne",
        "recuadro = mejor de la columna",
        "枠付き＝列で最良",
        "加框 = 该列最佳",
        "المؤطّر = الأفضل في العمود",
    ),
    "eval.worse": ("worse", "schlechter", "moins bien", "peor", "悪い", "较差", "أسوأ"),
    "eval.better": ("better", "besser", "mieux", "mejor", "良い", "较好", "أفضل"),
    # 4 qlora-memory
    "title.qlora-memory": (
        "Weight memory of 7B and 65B models by storage format",
        "Gewichtsspeicher von 7B- und 65B-Modellen nach Format",
        "Mémoire des poids des modèles 7B et 65B selon le format",
        "Memoria de pesos de modelos 7B y 65B según el formato",
        "保存形式別の重みメモリ（7B・65B モデル）",
        "7B 与 65B 模型在不同格式下的权重内存",
        "ذاكرة الأوزان لنماذج 7B و65B حسب صيغة التخزين",
    ),
    "mem.subtitle": (
        "Weights only: parameters × bytes per parameter ({bytes})",
        "Nur Gewichte: Parameter × Bytes pro Parameter ({bytes})",
        "Poids seuls : paramètres × octets par paramètre ({bytes})",
        "Solo pesos: parámetros × bytes por parámetro ({bytes})",
        "重みのみ：パラメータ数 × パラメータあたりのバイト数（{bytes}）",
        "仅权重：参数量 × 每参数字节数（{bytes}）",
        "الأوزان فقط: عدد المعاملات × البايتات لكل معامل ({bytes}\u200e)",
    ),
    "mem.model": (
        "{size} model",
        "{size}-Modell",
        "Modèle {size}",
        "Modelo {size}",
        "{size} モデル",
        "{size} 模型",
        "نموذج {size}",
    ),
    "mem.axis": (
        "Weight memory (GB)",
        "Gewichtsspeicher (GB)",
        "Mémoire des poids (Go)",
        "Memoria de pesos (GB)",
        "重みメモリ (GB)",
        "权重内存 (GB)",
        "ذاكرة الأوزان (GB)",
    ),
    "mem.gpu": (
        "one 48 GB GPU",
        "eine 48-GB-GPU",
        "un GPU de 48 Go",
        "una GPU de 48 GB",
        "48 GB の GPU 1\u00a0枚",
        "单张 48 GB GPU",
        "وحدة GPU واحدة بسعة 48 GB",
    ),
    "mem.note": (
        "DQ = double quantization. Bytes per parameter: QLoRA paper (arXiv:2305.14314); GB = 10⁹ bytes",
        "DQ = doppelte Quantisierung. Bytes pro Parameter: QLoRA-Paper (arXiv:2305.14314); GB = 10⁹ Bytes",
        "DQ = double quantification. Octets par paramètre : article QLoRA (arXiv:2305.14314) ; Go = 10⁹ octets",
        "DQ = doble cuantización. Bytes por parámetro: artículo de QLoRA (arXiv:2305.14314); GB = 10⁹ bytes",
        "DQ = 二重量子化。バイト数は QLoRA 論文 (arXiv:2305.14314) より。GB = 10⁹ バイト",
        "DQ = 双重量化。每参数字节数取自 QLoRA 论文 (arXiv:2305.14314)；GB = 10⁹ 字节",
        "DQ = التكميم المزدوج. البايتات لكل معامل من ورقة QLoRA \u200f(arXiv:2305.14314)؛ GB = 10⁹ بايت",
    ),
    # 5 vit-lora-targets
    "title.vit-lora-targets": (
        "Where LoRA goes in a Vision Transformer",
        "Wo LoRA in einem Vision Transformer ansetzt",
        "Où placer LoRA dans un Vision Transformer",
        "Dónde se aplica LoRA en un Vision Transformer",
        "Vision Transformer のどこに LoRA を入れるか",
        "LoRA 在 Vision Transformer 中的位置",
        "أين يوضع LoRA في Vision Transformer",
    ),
    "vit.patches": (
        "Image split into patches",
        "Bild in Patches zerlegt",
        "Image découpée en patchs",
        "Imagen dividida en parches",
        "画像をパッチに分割",
        "图像切分为图块",
        "الصورة مقسّمة إلى رقع",
    ),
    "vit.embed": (
        "Patch embedding + position",
        "Patch-Embedding + Position",
        "Plongement des patchs + position",
        "Embedding de parches + posición",
        "パッチ埋め込み＋位置",
        "图块嵌入 + 位置编码",
        "تضمين الرقع + الموضع",
    ),
    "vit.blocks": (
        "N encoder blocks",
        "N Encoder-Blöcke",
        "N blocs encodeurs",
        "N bloques codificadores",
        "エンコーダーブロック × N",
        "N 个编码器块",
        "N من كتل المشفّر",
    ),
    "vit.head": (
        "Classifier head",
        "Klassifikations\xadkopf",
        "Tête de classification",
        "Cabeza de clasificación",
        "分類ヘッド",
        "分类头",
        "رأس التصنيف",
    ),
    "vit.full": (
        "trained fully",
        "vollständig trainiert",
        "entraînée entièrement",
        "entrenada por completo",
        "全パラメータを学習",
        "完整训练",
        "يُدرَّب بالكامل",
    ),
    "vit.expanded": (
        "One encoder block, expanded",
        "Ein Encoder-Block im Detail",
        "Un bloc encodeur en détail",
        "Un bloque codificador en detalle",
        "エンコーダーブロック 1 つの内部",
        "一个编码器块的内部",
        "كتلة مشفّر واحدة بالتفصيل",
    ),
    "vit.attn": (
        "Multi-head self-attention",
        "Multi-Head-Self-Attention",
        "Auto-attention multi-têtes",
        "Autoatención multicabeza",
        "マルチヘッド自己注意",
        "多头自注意力",
        "انتباه ذاتي متعدد الرؤوس",
    ),
    "vit.adapter": (
        "LoRA adapter",
        "LoRA-Adapter",
        "Adaptateur LoRA",
        "Adaptador LoRA",
        "LoRA アダプター",
        "LoRA 适配器",
        "محوّل LoRA",
    ),
    "vit.config": (
        "PEFT: target_modules = query, value; modules_to_save = classifier",
        "PEFT: target_modules = query, value; modules_to_save = classifier",
        "PEFT : target_modules = query, value ; modules_to_save = classifier",
        "PEFT: target_modules = query, value; modules_to_save = classifier",
        "PEFT：target_modules = query, value、modules_to_save = classifier",
        "PEFT：target_modules = query, value；modules_to_save = classifier",
        "PEFT: \u200etarget_modules = query, value; modules_to_save = classifier\u200e",
    ),
    # 6 serving-topology
    "title.serving-topology": (
        "Serving topology: blue/green pools, shadow traffic, autoscaling",
        "Serving-Topologie: Blue/Green-Pools, Schattenverkehr, Autoscaling",
        "Topologie de service : pools bleu/vert, trafic miroir, autoscaling",
        "Topología de servicio: pools azul/verde, tráfico espejo, autoescalado",
        "提供トポロジー：ブルー／グリーン、シャドー、オートスケール",
        "服务拓扑：蓝/绿资源池、影子流量与自动扩缩容",
        "بنية الخدمة: مجموعتا أزرق/أخضر وحركة ظلية وتوسّع تلقائي",
    ),
    "serve.clients": ("Clients", "Clients", "Clients", "Clientes", "クライアント", "客户端", "العملاء"),
    "serve.gateway": (
        "API gateway",
        "API-Gateway",
        "Passerelle API",
        "Pasarela de API",
        "API ゲートウェイ",
        "API 网关",
        "بوابة API",
    ),
    "serve.gateway.d": (
        "auth, rate limits, traffic split",
        "Auth, Ratenlimits, Traffic-Split",
        "auth., quotas, répartition du trafic",
        "autenticación, límites, reparto",
        "認証、レート制限、トラフィック分割",
        "鉴权、限流、流量分配",
        "المصادقة، حدود المعدّل، توزيع الحركة",
    ),
    "serve.blue": (
        "Blue pool (live)",
        "Blauer Pool (live)",
        "Pool bleu (actif)",
        "Pool azul (activo)",
        "ブループール（本番）",
        "蓝池（线上）",
        "المجموعة الزرقاء (نشطة)",
    ),
    "serve.green": (
        "Green pool (next release)",
        "Grüner Pool (nächste Version)",
        "Pool vert (prochaine version)",
        "Pool verde (próxima versión)",
        "グリーンプール（次のリリース）",
        "绿池（下一版本）",
        "المجموعة الخضراء (الإصدار التالي)",
    ),
    "serve.shadow": (
        "Shadow pool",
        "Schatten-Pool",
        "Pool miroir",
        "Pool en sombra",
        "シャドープール",
        "影子池",
        "المجموعة الظلية",
    ),
    "serve.shadow.d": (
        "mirrored copy, responses discarded",
        "gespiegelte Kopie, Antworten verworfen",
        "copie miroir, réponses ignorées",
        "copia espejo, respuestas descartadas",
        "複製トラフィック、応答は破棄",
        "镜像副本，响应被丢弃",
        "نسخة مطابقة، تُهمَل الاستجابات",
    ),
    "serve.live": (
        "live traffic",
        "Live-Verkehr",
        "trafic réel",
        "tráfico real",
        "本番トラフィック",
        "线上流量",
        "الحركة الحية",
    ),
    "serve.switch": ("switch-over", "Umschaltung", "bascule", "conmutación", "切り替え", "切换", "التبديل"),
    "serve.mirror": ("mirror", "Spiegelung", "miroir", "espejo", "ミラー", "镜像", "نسخ مطابق"),
    "serve.autoscaler": (
        "Autoscaler",
        "Autoscaler",
        "Autoscaler",
        "Autoescalador",
        "オートスケーラー",
        "自动扩缩容器",
        "المُوسِّع التلقائي",
    ),
    "serve.watch": (
        "watches queue depth",
        "beobachtet die Warteschlangentiefe",
        "surveille la file d'attente",
        "vigila la longitud de la cola",
        "キュー長を監視",
        "监测队列深度",
        "يراقب طول الطابور",
    ),
    "serve.scale": (
        "adds or removes replicas",
        "fügt Replikate hinzu oder entfernt sie",
        "ajoute ou retire des réplicas",
        "añade o quita réplicas",
        "レプリカを増減",
        "增减副本",
        "يضيف نسخًا أو يزيلها",
    ),
    "serve.queue": ("queue", "Queue", "file", "cola", "キュー", "队列", "الطابور"),
    # 7 rank-sweep
    "title.rank-sweep": (
        "Rank sweep: alpha/r scaling versus rsLoRA",
        "Rang-Sweep: alpha/r-Skalierung gegenüber rsLoRA",
        "Balayage du rang : échelle alpha/r contre rsLoRA",
        "Barrido de rango: escalado alpha/r frente a rsLoRA",
        "ランクスイープ：alpha/r と rsLoRA の比較",
        "秩扫描：alpha/r 缩放与 rsLoRA 对比",
        "مسح الرتبة: التحجيم alpha/r مقابل rsLoRA",
    ),
    "rank.x": (
        "LoRA rank r (log scale)",
        "LoRA-Rang r (log. Skala)",
        "Rang LoRA r (échelle log)",
        "Rango LoRA r (escala log.)",
        "LoRA ランク r（対数軸）",
        "LoRA 秩 r（对数坐标）",
        "رتبة LoRA r (مقياس لوغاريتمي)",
    ),
    "rank.y": (
        "Exact-match accuracy",
        "Exact-Match-Genauigkeit",
        "Exactitude (correspondance exacte)",
        "Exactitud (coincidencia exacta)",
        "完全一致率",
        "完全匹配准确率",
        "دقة التطابق التام",
    ),
    "rank.peak": (
        "peak {v} at r = {r}",
        "Maximum {v} bei r = {r}",
        "pic {v} à r = {r}",
        "máximo {v} en r = {r}",
        "r = {r} で最大 {v}",
        "r = {r} 时峰值 {v}",
        "الذروة {v} عند r = {r}",
    ),
    "rank.lr": (
        "Same learning rate at every rank. With alpha/r the update shrinks as r grows; rsLoRA keeps it steady",
        "Gleiche Lernrate für alle Ränge. Mit alpha/r schrumpft das Update mit r; rsLoRA hält es stabil",
        "Même taux d'apprentissage partout. Avec alpha/r la mise à jour rétrécit quand r croît ; rsLoRA la stabilise",
        "Misma tasa de aprendizaje en todos los rangos. Con alpha/r la actualización se encoge al crecer r; rsLoRA la mantiene",
        "全ランクで同じ学習率。alpha/r では r が大きいほど更新が小さくなり、rsLoRA では一定に保たれる",
        "各秩学习率相同。alpha/r 下更新量随 r 增大而变小；rsLoRA 则保持稳定",
        "معدّل التعلّم نفسه لكل رتبة. مع alpha/r يصغر التحديث كلما كبرت r، بينما يحافظ rsLoRA على ثباته",
    ),
    "rank.note": (
        "Curves from a simple formula in figures.py that mimics the lab's tiny-model runs, not measurements",
        "Kurven aus einer einfachen Formel in figures.py nach dem Muster der Laborläufe, keine Messungen",
        "Courbes issues d'une formule simple (figures.py) calquée sur les essais du labo, pas des mesures",
        "Curvas de una fórmula sencilla (figures.py) que imita las pruebas del laboratorio, no mediciones",
        "ラボの小規模モデル実験をまねた簡単な式（figures.py）による曲線。実測値ではない",
        "曲线来自 figures.py 中模仿实验室小模型结果的简单公式，并非实测",
        "منحنيات من صيغة بسيطة في figures.py تحاكي تجارب المختبر، وليست قياسات",
    ),
    # 8 adapter-routing
    "title.adapter-routing": (
        "One batch, many adapters: routing through a shared base model",
        "Ein Batch, viele Adapter: Routing über ein gemeinsames Basismodell",
        "Un lot, plusieurs adaptateurs : routage via un modèle de base partagé",
        "Un lote, varios adaptadores: enrutado con un modelo base compartido",
        "1 つのバッチに複数のアダプター：共有ベースモデルでのルーティング",
        "一个批次，多个适配器：经共享基础模型路由",
        "دفعة واحدة ومحوّلات متعددة: التوجيه عبر نموذج أساسي مشترك",
    ),
    "route.requests": (
        "Incoming requests",
        "Eingehende Anfragen",
        "Requêtes entrantes",
        "Solicitudes entrantes",
        "受信リクエスト",
        "传入请求",
        "الطلبات الواردة",
    ),
    "route.router": ("Router", "Router", "Routeur", "Enrutador", "ルーター", "路由器", "الموجّه"),
    "route.router.d": (
        "tags each request with an adapter name",
        "versieht jede Anfrage mit einem Adapter\xadnamen",
        "étiquette chaque requête avec un adaptateur",
        "etiqueta cada solicitud con un adaptador",
        "各リクエストにアダプター名を付与",
        "为每个请求标注适配器名称",
        "يوسم كل طلب باسم محوّل",
    ),
    "route.batch": (
        "One mixed batch",
        "Ein gemischter Batch",
        "Un lot mixte",
        "Un lote mixto",
        "混在バッチ 1 つ",
        "一个混合批次",
        "دفعة مختلطة واحدة",
    ),
    "route.base": (
        "Shared base model (frozen)",
        "Gemeinsames Basismodell (eingefroren)",
        "Modèle de base partagé (gelé)",
        "Modelo base compartido (congelado)",
        "共有ベースモデル（凍結）",
        "共享基础模型（冻结）",
        "نموذج أساسي مشترك (مجمّد)",
    ),
    "route.adapters": (
        "Adapters in GPU memory",
        "Adapter im GPU-Speicher",
        "Adaptateurs en mémoire GPU",
        "Adaptadores en memoria de GPU",
        "GPU メモリ上のアダプター",
        "GPU 显存中的适配器",
        "المحوّلات في ذاكرة GPU",
    ),
    "route.responses": ("Responses", "Antworten", "Réponses", "Respuestas", "応答", "响应", "الاستجابات"),
    "route.nobase": (
        "base = no adapter",
        "base = ohne Adapter",
        "base = sans adaptateur",
        "base = sin adaptador",
        "base = アダプターなし",
        "base = 不用适配器",
        "base = بدون محوّل",
    ),
    "route.note": (
        "Each row uses its own adapter in the same forward pass",
        "Jede Zeile nutzt im selben Forward-Pass ihren eigenen Adapter",
        "Chaque ligne utilise son propre adaptateur dans la même passe",
        "Cada fila usa su propio adaptador en la misma pasada",
        "同じ順伝播の中で各行が自分のアダプターを使う",
        "同一次前向计算中，每行使用各自的适配器",
        "يستخدم كل صف محوّله الخاص في التمرير الأمامي نفسه",
    ),
    # 9 peft-methods
    "title.peft-methods": (
        "How many parameters each PEFT method trains",
        "Wie viele Parameter jede PEFT-Methode trainiert",
        "Combien de paramètres chaque méthode PEFT entraîne",
        "Cuántos parámetros entrena cada método PEFT",
        "PEFT 手法ごとの学習パラメータの割合",
        "各 PEFT 方法训练的参数比例",
        "كم معاملًا تدرّب كل طريقة من طرق PEFT",
    ),
    "peft.subtitle": (
        "Llama-like 7B shape: 32 layers, hidden 4096, MLP 11008, 32 heads, vocabulary 32000 = {total} parameters",
        "Llama-ähnliches 7B-Modell: 32 Schichten, Hidden 4096, MLP 11008, 32 Köpfe, Vokabular 32000 = {total} Parameter",
        "Modèle 7B de type Llama : 32 couches, dimension 4096, MLP 11008, 32 têtes, vocabulaire 32000 = {total} paramètres",
        "Modelo 7B tipo Llama: 32 capas, dimensión 4096, MLP 11008, 32 cabezas, vocabulario 32000 = {total} parámetros",
        "Llama 型 7B モデル：32 層、隠れ次元 4096、MLP 11008、32 ヘッド、語彙 32000 = {total} パラメータ",
        "类 Llama 7B 模型：32 层、隐藏维度 4096、MLP 11008、32 个头、词表 32000 = {total} 个参数",
        "نموذج 7B شبيه بـ Llama: \u200f32 طبقة، البُعد المخفي 4096، MLP 11008، \u200f32 رأسًا، المفردات 32000 = {total} معامل",
    ),
    "peft.lora_qv": ("LoRA r=8 (q, v)",) * 7,
    "peft.lora_all": (
        "LoRA r=8 (all linear layers)",
        "LoRA r=8 (alle linearen Schichten)",
        "LoRA r=8 (toutes les couches linéaires)",
        "LoRA r=8 (todas las capas lineales)",
        "LoRA r=8（全線形層）",
        "LoRA r=8（全部线性层）",
        "LoRA r=8 (كل الطبقات الخطية)",
    ),
    "peft.ia3": ("IA3 (k, v, down_proj)",) * 6 + ("IA3 (k, v, down_proj)\u200e",),
    "peft.prefix": (
        "Prefix tuning (20 virtual tokens)",
        "Prefix-Tuning (20 virtuelle Tokens)",
        "Prefix tuning (20 jetons virtuels)",
        "Prefix tuning (20 tokens virtuales)",
        "プレフィックスチューニング（仮想トークン 20）",
        "前缀微调（20 个虚拟词元）",
        "ضبط البادئة (20 رمزًا افتراضيًا)",
    ),
    "peft.prompt": (
        "Prompt tuning (20 tokens)",
        "Prompt-Tuning (20 Tokens)",
        "Prompt tuning (20 jetons)",
        "Prompt tuning (20 tokens)",
        "プロンプトチューニング（20 トークン）",
        "提示微调（20 个词元）",
        "ضبط المحفّز (20 رمزًا)",
    ),
    "peft.bitfit": (
        "BitFit (biases added to all linear layers)",
        "BitFit (Biases in allen linearen Schichten)",
        "BitFit (biais ajoutés aux couches linéaires)",
        "BitFit (sesgos añadidos a las capas lineales)",
        "BitFit（全線形層にバイアスを追加）",
        "BitFit（为全部线性层添加偏置）",
        "BitFit (مع إضافة انحيازات للطبقات الخطية)",
    ),
    "peft.full": (
        "Full fine-tuning",
        "Vollständiges Fine-Tuning",
        "Fine-tuning complet",
        "Ajuste fino completo",
        "フルファインチューニング",
        "全量微调",
        "الضبط الدقيق الكامل",
    ),
    "peft.axis": (
        "Trainable parameters, % of the model (log scale)",
        "Trainierbare Parameter in % des Modells (log. Skala)",
        "Paramètres entraînables, % du modèle (échelle log)",
        "Parámetros entrenables, % del modelo (escala log.)",
        "学習パラメータの割合 %（対数軸）",
        "可训练参数占比 %（对数坐标）",
        "المعاملات القابلة للتدريب، % من النموذج (مقياس لوغاريتمي)",
    ),
    # 10 adapter-lifecycle
    "title.adapter-lifecycle": (
        "The adapter lifecycle",
        "Der Lebenszyklus eines Adapters",
        "Le cycle de vie d'un adaptateur",
        "El ciclo de vida de un adaptador",
        "アダプターのライフサイクル",
        "适配器的生命周期",
        "دورة حياة المحوّل",
    ),
    "life.train": ("Train", "Trainieren", "Entraîner", "Entrenar", "学習", "训练", "التدريب"),
    "life.train.d": (
        "fit LoRA on curated data",
        "LoRA auf kuratierten Daten anpassen",
        "ajuster LoRA sur des données triées",
        "ajustar LoRA con datos curados",
        "整備したデータで LoRA を学習",
        "在整理好的数据上训练 LoRA",
        "ضبط LoRA على بيانات منقّحة",
    ),
    "life.evaluate": ("Evaluate", "Evaluieren", "Évaluer", "Evaluar", "評価", "评估", "التقييم"),
    "life.evaluate.d": (
        "offline metrics, safety checks",
        "Offline-Metriken, Sicherheitstests",
        "métriques hors ligne, sécurité",
        "métricas offline, seguridad",
        "オフライン指標、安全性チェック",
        "离线指标、安全检查",
        "مقاييس غير متصلة، وفحوص السلامة",
    ),
    "life.register": ("Register", "Registrieren", "Enregistrer", "Registrar", "登録", "注册", "التسجيل"),
    "life.register.d": (
        "version, hash, model card",
        "Version, Hash, Model Card",
        "version, empreinte, fiche modèle",
        "versión, hash, ficha del modelo",
        "バージョン、ハッシュ、モデルカード",
        "版本、哈希、模型卡",
        "الإصدار، والبصمة، وبطاقة النموذج",
    ),
    "life.canary": ("Canary", "Canary", "Canari", "Canario", "カナリア", "金丝雀", "الإطلاق التجريبي"),
    "life.canary.d": (
        "small share of live traffic",
        "kleiner Anteil des Live-Verkehrs",
        "petite part du trafic réel",
        "pequeña parte del tráfico real",
        "本番トラフィックの一部で試す",
        "小比例线上流量",
        "حصة صغيرة من الحركة الحية",
    ),
    "life.serve": ("Serve", "Ausliefern", "Servir", "Servir", "提供", "服务", "الخدمة"),
    "life.serve.d": (
        "full traffic, monitored",
        "voller Verkehr, überwacht",
        "tout le trafic, supervisé",
        "todo el tráfico, monitorizado",
        "全トラフィック、監視付き",
        "全量流量，持续监控",
        "كل الحركة، مع المراقبة",
    ),
    "life.retire": ("Retire", "Ausmustern", "Retirer", "Retirar", "廃止", "下线", "الإيقاف"),
    "life.retire.d": (
        "unload, archive, keep the audit trail",
        "entladen, archivieren, Audit-Trail behalten",
        "décharger, archiver, garder la trace",
        "descargar, archivar, conservar la auditoría",
        "アンロード、アーカイブ、監査記録を保持",
        "卸载、归档、保留审计记录",
        "التفريغ والأرشفة وحفظ سجل التدقيق",
    ),
    "life.center": (
        "Every version stays in the registry",
        "Jede Version bleibt in der Registry",
        "Chaque version reste dans le registre",
        "Cada versión queda en el registro",
        "すべてのバージョンをレジストリに保持",
        "每个版本都保留在注册表中",
        "يبقى كل إصدار في السجل",
    ),
    "life.next": (
        "next version",
        "nächste Version",
        "version suivante",
        "siguiente versión",
        "次のバージョン",
        "下一个版本",
        "الإصدار التالي",
    ),
}

# Short labels that are the same in every language (names, code, formulas).
_LATIN_ONLY = ("h = Wx + (α/r)·BAx", "alpha/r", "rsLoRA alpha/√r", "vLLM", "bf16", "int8", "NF4", "NF4 + DQ")


def titles() -> dict[str, dict[str, str]]:
    """The figure titles drawn on the images, per key and language (figures.json repeats them)."""
    return {key: {lang: _tr(f"title.{key}", lang).replace("\xad", "") for lang in LANGUAGES} for key in FIGURE_KEYS}


def _tr(key: str, lang: str, **values) -> str:
    text = _T[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------
def fmt_number(value: float, decimals: int, lang: str) -> str:
    """Format a number with the language's decimal and grouping marks."""
    text = f"{value:,.{decimals}f}"
    if lang in ("de", "es"):
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def fmt_percent(value: float, lang: str, sig: int = 3) -> str:
    """A percentage with `sig` significant digits (at most 2 decimals above 1 %)."""
    if value >= 100:
        decimals = 0
    else:
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(value))))
    number = fmt_number(value, decimals, lang)
    if lang in ("de", "es"):
        return number + "\u00a0%"
    if lang == "fr":
        return number + "\u202f%"
    return number + "%"


# --------------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------------
class FontError(RuntimeError):
    """No installed font can render some text for a language."""


_FONT_DIRS = (
    os.environ.get("LORA_FIGURES_FONT_DIR", ""),
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    str(Path.home() / ".local/share/fonts"),
    str(Path.home() / ".fonts"),
    "/Library/Fonts",
    "/System/Library/Fonts",
)

# kind -> candidates (regular file, bold file, family name inside a collection or None)
_FACE_CANDIDATES = {
    "latin": [
        ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", None),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", None),
    ],
    "cjk-jp": [
        ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "Noto Sans CJK JP"),
        ("NotoSansCJKjp-Regular.otf", "NotoSansCJKjp-Bold.otf", None),
        ("NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf", None),
        ("NotoSansJP-Regular.ttf", "NotoSansJP-Bold.ttf", None),
    ],
    "cjk-sc": [
        ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
        ("NotoSansCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf", None),
        ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf", None),
        ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf", None),
        ("wqy-zenhei.ttc", "wqy-zenhei.ttc", None),
    ],
    "arabic": [
        ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", None),
        ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", None),
        ("NotoSansArabicUI-Regular.ttf", "NotoSansArabicUI-Bold.ttf", None),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None),
    ],
    "math": [("NotoSansMath-Regular.ttf", "NotoSansMath-Regular.ttf", None)],
    "dejavu": [("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", None)],
    "symbols": [
        ("NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Bold.ttf", None),
        ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols2-Regular.ttf", None),
    ],
}
_FALLBACK_KINDS = ("latin", "math", "dejavu", "symbols")
_PRIMARY_KIND = {"ja": "cjk-jp", "zh-hans": "cjk-sc", "ar": "arabic"}
_FC_LANG = {"ja": "ja", "zh-hans": "zh-cn", "ar": "ar"}
_RAQM_LANGUAGE = {"ja": "ja", "zh-hans": "zh-Hans", "ar": "ar", "en": "en", "de": "de", "fr": "fr", "es": "es"}
_DEBIAN_HINT = "install the Debian packages fonts-noto-core and fonts-noto-cjk (and fonts-dejavu-core)"


@dataclass(frozen=True)
class Face:
    path: str
    index: int = 0

    @property
    def name(self) -> str:
        return f"{Path(self.path).name}#{self.index}"


@functools.cache
def _font_files() -> dict[str, str]:
    found: dict[str, str] = {}
    for root in _FONT_DIRS:
        if not root or not os.path.isdir(root):
            continue
        for dirpath, _dirnames, filenames in os.walk(root):
            for filename in filenames:
                if filename.lower().endswith((".ttf", ".otf", ".ttc")):
                    found.setdefault(filename, os.path.join(dirpath, filename))
    return found


def _collection_index(path: str, family: str | None) -> int | None:
    if not family:
        return 0
    for index in range(32):
        try:
            name = ImageFont.truetype(path, 12, index=index).getname()[0]
        except OSError:
            return None
        if name == family:
            return index
    return None


@functools.cache
def _face(kind: str, bold: bool) -> Face | None:
    files = _font_files()
    for regular, boldfile, family in _FACE_CANDIDATES[kind]:
        for filename in (boldfile, regular) if bold else (regular,):
            path = files.get(filename)
            if path is None:
                continue
            index = _collection_index(path, family)
            if index is not None:
                return Face(path, index)
    return None


@functools.cache
def _fontconfig_face(lang: str) -> Face | None:
    """Ask fontconfig for any font that supports the language (used when no Noto font is found)."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "--format=%{file}|%{index}", f"sans-serif:lang={_FC_LANG.get(lang, lang)}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        path, _, index = out.partition("|")
        return Face(path, int(index or 0)) if path and os.path.exists(path) else None
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


class _Coverage:
    """The code points a font maps to a real glyph, from its cmap table."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges.sort()
        merged: list[list[int]] = []
        for start, end in ranges:
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [r[0] for r in merged]
        self.ends = [r[1] for r in merged]

    def __contains__(self, codepoint: int) -> bool:
        i = bisect.bisect_right(self.starts, codepoint) - 1
        return i >= 0 and codepoint <= self.ends[i]


@functools.cache
def cmap_coverage(face: Face) -> _Coverage:
    """Parse the font's cmap (formats 4 and 12) without extra dependencies."""
    with open(face.path, "rb") as f:

        def read(offset: int, size: int) -> bytes:
            f.seek(offset)
            return f.read(size)

        base = 0
        if read(0, 4) == b"ttcf":
            base = struct.unpack(">I", read(12 + 4 * face.index, 4))[0]
        num_tables = struct.unpack(">H", read(base + 4, 2))[0]
        cmap = None
        for i in range(num_tables):
            tag, _check, offset, _length = struct.unpack(">4sIII", read(base + 12 + 16 * i, 16))
            if tag == b"cmap":
                cmap = offset
        if cmap is None:
            return _Coverage([])
        count = struct.unpack(">H", read(cmap + 2, 2))[0]
        best = None
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", read(cmap + 4 + 8 * i, 8))
            fmt = struct.unpack(">H", read(cmap + offset, 2))[0]
            rank = {
                (3, 10, 12): 0,
                (0, 4, 12): 1,
                (0, 6, 12): 1,
                (3, 1, 4): 2,
                (0, 3, 4): 3,
                (0, 1, 4): 4,
                (0, 0, 4): 4,
            }.get((platform, encoding, fmt))
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, cmap + offset, fmt)
        if best is None:
            return _Coverage([])
        _rank, sub, fmt = best
        ranges: list[tuple[int, int]] = []
        if fmt == 12:
            length, _lang, groups = struct.unpack(">III", read(sub + 4, 12))
            data = read(sub + 16, 12 * groups)
            for g in range(groups):
                start, end, glyph = struct.unpack_from(">III", data, 12 * g)
                if glyph == 0:
                    start += 1
                if start <= end:
                    ranges.append((start, end))
        else:
            length = struct.unpack(">H", read(sub + 2, 2))[0]
            data = read(sub, length)
            seg_x2 = struct.unpack_from(">H", data, 6)[0]
            segs = seg_x2 // 2
            ends = struct.unpack_from(f">{segs}H", data, 14)
            starts = struct.unpack_from(f">{segs}H", data, 16 + seg_x2)
            deltas = struct.unpack_from(f">{segs}h", data, 16 + 2 * seg_x2)
            range_offset_pos = 16 + 3 * seg_x2
            range_offsets = struct.unpack_from(f">{segs}H", data, range_offset_pos)
            for s in range(segs):
                start, end = starts[s], ends[s]
                if start == 0xFFFF:
                    continue
                if range_offsets[s] == 0:
                    ranges.append((start, end))
                    continue
                run_start = None
                for code in range(start, end + 1):
                    pos = range_offset_pos + 2 * s + range_offsets[s] + 2 * (code - start)
                    glyph = struct.unpack_from(">H", data, pos)[0] if pos + 2 <= len(data) else 0
                    if glyph:
                        glyph = (glyph + deltas[s]) & 0xFFFF
                    if glyph and run_start is None:
                        run_start = code
                    elif not glyph and run_start is not None:
                        ranges.append((run_start, code - 1))
                        run_start = None
                if run_start is not None:
                    ranges.append((run_start, end))
        return _Coverage(ranges)


@functools.cache
def layout_engine() -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@functools.cache
def _font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, size, index=face.index, layout_engine=layout_engine())


@functools.cache
def font_chain(lang: str, bold: bool = False, direction: str = "ltr") -> tuple[Face, ...]:
    """Fonts tried in order for one language (for Arabic: for right-to-left or left-to-right runs)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if lang == "ar" and layout_engine() is not ImageFont.Layout.RAQM:
        raise FontError(
            "Arabic needs Pillow's raqm text layout for shaping and right-to-left order, but "
            "PIL.features.check('raqm') is False: install the Debian package libfribidi0 (Pillow's wheels "
            "bundle libraqm and HarfBuzz and load FriBiDi from the system), or libraqm0 for a source build"
        )
    kinds: list[str] = []
    primary = _PRIMARY_KIND.get(lang)
    if primary and not (lang == "ar" and direction == "ltr"):
        kinds.append(primary)
    kinds += _FALLBACK_KINDS
    if lang == "ar" and direction == "ltr":
        kinds.append("arabic")
    chain: list[Face] = []
    for kind in kinds:
        face = _face(kind, bold)
        if face is not None and face not in chain:
            chain.append(face)
    if primary and _face(primary, bold) is None:
        extra = _fontconfig_face(lang)
        if extra is not None and extra not in chain:
            chain.insert(0, extra)
    if not chain:
        raise FontError(f"no font found to draw {lang!r} figures: {_DEBIAN_HINT}")
    return tuple(chain)


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cf", "Cc")


def _face_for(ch: str, chain: tuple[Face, ...], lang: str, text: str) -> Face:
    code = ord(ch)
    for face in chain:
        if code in cmap_coverage(face):
            return face
    raise FontError(
        f"no installed font has a glyph for U+{code:04X} {unicodedata.name(ch, '?')} "
        f"(language {lang!r}, text {text!r}): {_DEBIAN_HINT}"
    )


# --------------------------------------------------------------------------------------------------
# Text runs: font fallback and a minimal bidi pass for Arabic
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    text: str
    face: Face
    direction: str  # "ltr" or "rtl"


def _split_by_font(text: str, chain: tuple[Face, ...], lang: str, direction: str) -> list[Segment]:
    segments: list[Segment] = []
    for ch in text:
        if _is_invisible(ch):
            continue
        if ch.isspace() and segments:
            face = segments[-1].face
        else:
            face = chain[0] if ch.isspace() else _face_for(ch, chain, lang, text)
        if segments and segments[-1].face == face:
            segments[-1] = Segment(segments[-1].text + ch, face, direction)
        else:
            segments.append(Segment(ch, face, direction))
    return segments


_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def _bidi_runs(text: str) -> list[tuple[str, str]]:
    """Split a right-to-left paragraph into (text, 'rtl'|'ltr') runs in logical order.

    A reduced Unicode bidi algorithm (UAX #9) for one-line labels in a right-to-left paragraph:
    number separators and affixes join their digits (W4, W5), digits after Latin text become Latin
    (W7), bracket pairs follow their content (N0), neutrals take the direction of the text around
    them, with numbers counting as right to left (N1, N2). Latin text and numbers form left-to-right
    runs (level 2); everything else is right to left (level 1).
    """
    classes = [unicodedata.bidirectional(ch) for ch in text]
    kinds: list[str] = []
    for bidi in classes:
        if bidi in ("L", "LRE", "LRO", "LRI"):
            kinds.append("L")
        elif bidi in ("R", "AL", "RLE", "RLO", "RLI"):
            kinds.append("R")
        elif bidi in ("EN", "AN"):
            kinds.append("EN")
        elif bidi == "NSM" and kinds:
            kinds.append(kinds[-1])
        else:
            kinds.append("N")
    n = len(text)
    # W4: a single separator between two digits (1,000 / 0.5); W5: affixes touching digits (4 %, +3)
    for i in range(1, n - 1):
        if classes[i] in ("ES", "CS") and kinds[i - 1] == "EN" and kinds[i + 1] == "EN":
            kinds[i] = "EN"
    for order in (range(n), range(n - 1, -1, -1)):
        previous = None
        for i in order:
            if classes[i] == "ET" and previous == "EN":
                kinds[i] = "EN"
            previous = kinds[i]
    # W7: digits whose preceding strong text is Latin are Latin
    last_strong = "R"
    for i in range(n):
        if kinds[i] in ("L", "R"):
            last_strong = kinds[i]
        elif kinds[i] == "EN" and last_strong == "L":
            kinds[i] = "L"

    def strong(kind: str) -> str:  # numbers count as right to left for neutrals (N0, N1)
        return "L" if kind == "L" else "R"

    # N0: bracket pairs take the paragraph direction if their content has it, otherwise the
    # direction of their content when the text before the pair agrees with it
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _BRACKETS:
            stack.append((_BRACKETS[ch], i))
        elif ch in _BRACKETS.values():
            while stack and stack[-1][0] != ch:
                stack.pop()
            if stack:
                _closer, start = stack.pop()
                inside = {strong(k) for k in kinds[start + 1 : i] if k != "N"}
                before = next((strong(k) for k in reversed(kinds[:start]) if k != "N"), "R")
                if "R" in inside:
                    kinds[start] = kinds[i] = "R"
                elif "L" in inside:
                    kinds[start] = kinds[i] = "L" if before == "L" else "R"
    # N1, N2: neutrals between two Latin characters are Latin; all others are right to left
    resolved = list(kinds)
    i = 0
    while i < n:
        if kinds[i] != "N":
            i += 1
            continue
        j = i
        while j < n and kinds[j] == "N":
            j += 1
        before = strong(kinds[i - 1]) if i > 0 else "R"
        after = strong(kinds[j]) if j < n else "R"
        for k in range(i, j):
            resolved[k] = "L" if before == after == "L" else "R"
        i = j
    runs: list[tuple[str, str]] = []
    for ch, kind in zip(text, resolved):
        direction = "rtl" if kind == "R" else "ltr"
        if runs and runs[-1][1] == direction:
            runs[-1] = (runs[-1][0] + ch, direction)
        else:
            runs.append((ch, direction))
    return runs


@functools.lru_cache(maxsize=4096)
def segments(text: str, lang: str, bold: bool = False, ltr: bool = False) -> tuple[Segment, ...]:
    """The text as font segments in visual order, left to right.

    ltr=True: Latin-only technical text (formulas, code, numbers), set left to right in the Latin
    fonts for every language, so it looks the same in all seven versions of a figure.
    """
    if ltr:
        return tuple(_split_by_font(text, font_chain("en", bold), lang, "ltr"))
    if lang != "ar":
        return tuple(_split_by_font(text, font_chain(lang, bold), lang, "ltr"))
    visual: list[Segment] = []
    for run, direction in reversed(_bidi_runs(text)):
        parts = _split_by_font(run, font_chain(lang, bold, direction), lang, direction)
        visual.extend(reversed(parts) if direction == "rtl" else parts)
    return tuple(visual)


def _raqm_language(lang: str, segment: Segment) -> str | None:
    if layout_engine() is not ImageFont.Layout.RAQM:
        return None
    if segment.face in font_chain("en") or segment.face in font_chain("en", True):
        return "en" if lang in ("ja", "zh-hans", "ar") else _RAQM_LANGUAGE.get(lang)
    return _RAQM_LANGUAGE.get(lang)


def _text_kwargs(lang: str, segment: Segment) -> dict:
    if layout_engine() is not ImageFont.Layout.RAQM:
        return {}
    return {"direction": segment.direction, "language": _raqm_language(lang, segment)}


@functools.lru_cache(maxsize=16384)
def text_width(text: str, lang: str, size: float, bold: bool = False, ltr: bool = False) -> float:
    """Advance width in final pixels."""
    px = round(size * SCALE)
    total = 0.0
    for seg in segments(text, lang, bold, ltr):
        total += _font(seg.face, px).getlength(seg.text, **_text_kwargs(lang, seg))
    return total / SCALE


# --------------------------------------------------------------------------------------------------
# Line breaking
# --------------------------------------------------------------------------------------------------
_NO_LINE_START = set("、。，．・：；！？）」』】〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ%％)]},.:;!?")
_NO_LINE_END = set("（「『【〈《([{")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _is_katakana(ch: str) -> bool:
    return "\u30a0" <= ch <= "\u30ff"


def _pieces(text: str, lang: str) -> list[list[str]]:
    """Unbreakable pieces with the separator that follows each: ' ', '' or a soft hyphen."""
    cjk = lang in ("ja", "zh-hans")
    out: list[list[str]] = []
    buf = ""
    for ch in text:
        if ch == " ":
            if buf:
                out.append([buf, " "])
                buf = ""
            elif out:
                out[-1][1] = " "
            continue
        if ch == "\xad":
            if buf:
                out.append([buf, "\xad"])
                buf = ""
            continue
        if not cjk and buf and len(buf) > 1 and buf[-1] == "-" and buf[-2].isalpha() and ch.isalpha():
            out.append([buf, ""])
            buf = ""
        if cjk and buf:
            prev = buf[-1]
            same_word = _is_katakana(prev) and _is_katakana(ch)  # keep katakana words together
            if (
                (_is_wide(prev) or _is_wide(ch))
                and not same_word
                and ch not in _NO_LINE_START
                and prev not in _NO_LINE_END
            ):
                out.append([buf, ""])
                buf = ""
        buf += ch
    if buf:
        out.append([buf, ""])
    return out


def wrap(
    text: str,
    lang: str,
    size: float,
    max_width: float | None,
    bold: bool = False,
    ltr: bool = False,
    split_long: bool = True,
) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        pieces = _pieces(paragraph, lang)
        if split_long and max_width is not None and lang in ("ja", "zh-hans"):
            # a CJK word wider than the line may break between characters (not before 、。 etc.)
            split: list[list[str]] = []
            for piece, sep in pieces:
                if (
                    len(piece) > 1
                    and any(_is_wide(ch) for ch in piece)
                    and text_width(piece, lang, size, bold, ltr) > max_width
                ):
                    groups: list[str] = []
                    for ch in piece:
                        if groups and (ch in _NO_LINE_START or groups[-1][-1] in _NO_LINE_END):
                            groups[-1] += ch
                        else:
                            groups.append(ch)
                    split.extend([g, ""] for g in groups[:-1])
                    split.append([groups[-1], sep])
                else:
                    split.append([piece, sep])
            pieces = split
        if max_width is None:
            lines.append("".join(p + (" " if sep == " " else "") for p, sep in pieces).strip())
            continue
        current = ""
        prev_sep = ""
        for piece, sep in pieces:
            if not current:
                current = piece
            else:
                joined = current + (" " if prev_sep == " " else "") + piece
                tail = "-" if sep == "\xad" else ""
                if text_width(joined + tail, lang, size, bold, ltr) <= max_width:
                    current = joined
                else:
                    lines.append(current + ("-" if prev_sep == "\xad" else ""))
                    current = piece
            prev_sep = sep
        lines.append(current)
    return lines


# --------------------------------------------------------------------------------------------------
# Canvas
# --------------------------------------------------------------------------------------------------
_LINE_HEIGHT = {"ja": 1.38, "zh-hans": 1.38, "ar": 1.5}


class Canvas:
    """Draws in final-pixel coordinates on a supersampled image and records layout problems."""

    def __init__(self, lang: str):
        self.lang = lang
        self.rtl = lang == "ar"
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.text_boxes: list[tuple[tuple[float, float, float, float], str]] = []
        self.warnings: list[str] = []

    # helpers ---------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        return _tr(key, self.lang, **values)

    def X(self, x: float) -> float:
        """Mirror an x coordinate for right-to-left layouts (flow diagrams)."""
        return WIDTH - x if self.rtl else x

    def P(self, x: float, y: float) -> tuple[float, float]:
        return (self.X(x), y)

    @staticmethod
    def _s(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    # shapes ----------------------------------------------------------------
    def rect(self, x0, y0, x1, y1, fill=None, outline=None, width=3, radius=0, dash=None):
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        box = (x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE)
        if dash:
            if fill:
                self.draw.rounded_rectangle(box, radius=radius * SCALE, fill=fill)
            self.line([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], outline or INK, width, dash=dash)
        else:
            self.draw.rounded_rectangle(
                box, radius=radius * SCALE, fill=fill, outline=outline, width=round(width * SCALE) if outline else 0
            )

    def box(self, cx, cy, w, h, **kw):
        """A rectangle centred on (X(cx), cy)."""
        cx = self.X(cx)
        self.rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, **kw)

    def circle(self, cx, cy, r, fill=None, outline=None, width=3):
        self.draw.ellipse(
            ((cx - r) * SCALE, (cy - r) * SCALE, (cx + r) * SCALE, (cy + r) * SCALE),
            fill=fill,
            outline=outline,
            width=round(width * SCALE) if outline else 0,
        )

    def polygon(self, points, fill=None, outline=None, width=3):
        self.draw.polygon(self._s(points), fill=fill)
        if outline:
            self.line(list(points) + [points[0]], outline, width)

    def line(self, points, fill=INK, width=3, dash=None):
        if dash:
            for seg in _dash(points, dash):
                self.draw.line(self._s(seg), fill=fill, width=round(width * SCALE))
            return
        self.draw.line(self._s(points), fill=fill, width=round(width * SCALE), joint="curve")
        r = width / 2
        for x, y in points[1:-1]:
            self.circle(x, y, r, fill=fill)

    def arrow(self, points, fill=INK, width=4, head=20, dash=None, both=False):
        points = [tuple(p) for p in points]

        def head_at(tip, prev):
            dx, dy = tip[0] - prev[0], tip[1] - prev[1]
            n = math.hypot(dx, dy) or 1
            ux, uy = dx / n, dy / n
            back = (tip[0] - ux * head * 1.25, tip[1] - uy * head * 1.25)
            half = head * 0.6
            self.polygon(
                [tip, (back[0] - uy * half, back[1] + ux * half), (back[0] + uy * half, back[1] - ux * half)], fill=fill
            )
            return (tip[0] - ux * head, tip[1] - uy * head)

        body = list(points)
        body[-1] = head_at(points[-1], points[-2])
        if both:
            body[0] = head_at(points[0], points[1])
        self.line(body, fill, width, dash)

    # text ------------------------------------------------------------------
    def text(
        self,
        x,
        y,
        text,
        size=30,
        bold=False,
        fill=INK,
        align="center",
        valign="middle",
        max_width=None,
        max_lines=None,
        min_size=MIN_TEXT,
        check_overlap=True,
        ltr=False,
    ):
        """Draw wrapped text; returns its box (x0, y0, x1, y1) in final pixels.

        align: left | center | right | start | end (start = right for Arabic).
        ltr: Latin-only technical text (formulas, code) that stays left to right in Arabic.
        """
        size = max(MIN_TEXT, min(MAX_TEXT, size))
        min_size = max(MIN_TEXT, min(min_size, size))
        if align == "start":
            align = "right" if self.rtl else "left"
        elif align == "end":
            align = "left" if self.rtl else "right"
        chosen = None
        for candidate in range(size, min_size - 1, -1):
            lines = wrap(text, self.lang, candidate, max_width, bold, ltr)
            widths = [text_width(line, self.lang, candidate, bold, ltr) for line in lines]
            fits = (max_width is None or max(widths) <= max_width + 0.5) and (
                max_lines is None or len(lines) <= max_lines
            )
            chosen = (candidate, lines, widths)
            if fits:
                break
        else:
            self.warnings.append(f"text does not fit ({max_width}px, {max_lines} lines): {text!r}")
        size, lines, widths = chosen
        if (
            max_width is not None
            and (align == "center" or max_width <= 600)
            and 1 < len(lines) <= 4
            and "\n" not in text
        ):
            lines, widths = self._balance(text, size, bold, ltr, lines, widths)
        line_height = size * _LINE_HEIGHT.get(self.lang, 1.28)
        total = line_height * len(lines)
        top = {"top": y, "middle": y - total / 2, "bottom": y - total}[valign]
        px = round(size * SCALE)
        x_min, x_max = math.inf, -math.inf
        for i, (line, width) in enumerate(zip(lines, widths)):
            left = {"left": x, "center": x - width / 2, "right": x - width}[align]
            x_min, x_max = min(x_min, left), max(x_max, left + width)
            baseline = top + i * line_height + line_height / 2 + 0.36 * size
            cursor = left * SCALE
            for seg in segments(line, self.lang, bold, ltr):
                font = _font(seg.face, px)
                kwargs = _text_kwargs(self.lang, seg)
                self.draw.text((cursor, baseline * SCALE), seg.text, font=font, fill=fill, anchor="ls", **kwargs)
                cursor += font.getlength(seg.text, **kwargs)
        bbox = (x_min, top, x_max, top + total)
        if bbox[0] < -0.5 or bbox[1] < -0.5 or bbox[2] > WIDTH + 0.5 or bbox[3] > HEIGHT + 0.5:
            self.warnings.append(f"text leaves the canvas {tuple(round(v) for v in bbox)}: {text!r}")
        if check_overlap:
            for other, other_text in self.text_boxes:
                if _overlap(bbox, other, margin=2):
                    self.warnings.append(f"text overlaps: {text!r} and {other_text!r}")
            self.text_boxes.append((bbox, text))
        return bbox

    def _balance(self, text, size, bold, ltr, lines, widths):
        """Narrow the wrap width as far as the line count allows, so centred lines come out even."""
        target = len(lines)
        lo, hi = 0.0, max(widths)
        best = (lines, widths)
        for _ in range(10):
            mid = (lo + hi) / 2
            trial = wrap(text, self.lang, size, mid, bold, ltr, split_long=False)
            trial_widths = [text_width(line, self.lang, size, bold, ltr) for line in trial]
            if len(trial) <= target and max(trial_widths) <= mid + 0.5:
                best, hi = (trial, trial_widths), mid
            else:
                lo = mid
        return best

    def finish(self) -> Image.Image:
        image = self.image.reduce(SCALE) if SCALE > 1 else self.image
        image.info["layout_warnings"] = list(self.warnings)
        return image


def _overlap(a, b, margin=0.0) -> bool:
    return a[0] + margin < b[2] and b[0] + margin < a[2] and a[1] + margin < b[3] and b[1] + margin < a[3]


def _dash(points, pattern):
    on, off = pattern
    out = []
    carry_on = True
    remaining = on
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        pos = 0.0
        while pos < length:
            step = min(remaining, length - pos)
            if carry_on:
                out.append([(x0 + ux * pos, y0 + uy * pos), (x0 + ux * (pos + step), y0 + uy * (pos + step))])
            pos += step
            remaining -= step
            if remaining <= 1e-9:
                carry_on = not carry_on
                remaining = on if carry_on else off
    return out


# --------------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------------
def _header(c: Canvas, key: str, illustrative: bool = False) -> None:
    badge_w = 0
    if illustrative:
        label = c.t("illustrative")
        w = text_width(label, c.lang, 30, True) + 36
        x0 = 40 if c.rtl else WIDTH - 40 - w
        c.rect(x0, 26, x0 + w, 80, fill=YELLOW, outline=INK, width=2, radius=10)
        c.text(x0 + w / 2, 53, label, size=30, bold=True)
        badge_w = w + 30
    x = WIDTH - 48 if c.rtl else 48
    c.text(
        x,
        53,
        c.t(f"title.{key}"),
        size=40,
        bold=True,
        align="start",
        max_width=WIDTH - 96 - badge_w,
        max_lines=1,
        min_size=32,
    )


def _legend_swatch(c: Canvas, x, y, colour, label, outline=None, align_start=True, dash=None, size=28):
    """A swatch and its label; x is the swatch's inner edge in LTR coordinates (mirrored for Arabic)."""
    sx = c.X(x)
    c.rect(
        sx - 18,
        y - 18,
        sx + 18,
        y + 18,
        fill=colour,
        outline=outline or shade(colour, 0.6),
        width=2,
        radius=6,
        dash=dash,
    )
    tx = sx - 30 if c.rtl else sx + 30
    return c.text(tx, y, label, size=size, align="right" if c.rtl else "left")


def _node(c: Canvas, cx, cy, w, h, colour, title, desc=None, title_size=30, desc_size=28, badge=None):
    c.box(cx, cy, w, h, fill=tint(colour, 0.2), outline=colour, width=4, radius=16)
    x = c.X(cx)
    inner = w - 28
    if desc:
        title_lines = len(wrap(title, c.lang, title_size, inner, True))
        desc_lines = len(wrap(desc, c.lang, desc_size, inner))
        th = title_lines * title_size * _LINE_HEIGHT.get(c.lang, 1.28)
        dh = desc_lines * desc_size * _LINE_HEIGHT.get(c.lang, 1.28)
        top = cy - (th + dh + 8) / 2
        c.text(x, top, title, size=title_size, bold=True, valign="top", max_width=inner)
        c.text(x, top + th + 8, desc, size=desc_size, fill=MUTED, valign="top", max_width=inner)
    else:
        c.text(x, cy, title, size=title_size, bold=True, max_width=inner)


# --------------------------------------------------------------------------------------------------
# 1 lora-architecture
# --------------------------------------------------------------------------------------------------
def _lora_architecture(c: Canvas) -> None:
    _header(c, "lora-architecture")
    lang = c.lang
    frozen_fill, frozen_line = tint(BLUE, 0.16), BLUE
    train_fill, train_line = tint(ORANGE, 0.3), shade(ORANGE, 0.8)

    # formula
    c.text(c.X(1000), 150, "h = Wx + (α/r)·BAx", size=40, bold=True, ltr=True)

    # input
    c.box(130, 450, 180, 130, fill=WHITE, outline=INK, width=3, radius=14)
    c.text(c.X(130), 428, c.t("arch.input"), size=30, bold=True, max_width=160)
    c.text(c.X(130), 478, "d", size=30, fill=MUTED)
    c.line([c.P(220, 450), c.P(290, 450)], INK, 4)
    c.arrow([c.P(290, 450), c.P(290, 280), c.P(400, 280)], INK, 4)
    c.arrow([c.P(290, 450), c.P(290, 600), c.P(350, 600)], INK, 4)

    # W
    c.box(520, 280, 240, 220, fill=frozen_fill, outline=frozen_line, width=4, radius=6)
    c.text(c.X(520), 255, "W", size=40, bold=True)
    c.text(c.X(520), 310, "d × d", size=30, ltr=True)
    c.text(c.X(520), 440, c.t("arch.w"), size=28, bold=True, max_width=300, max_lines=2)

    # A and B trapezoids
    a = [(350, 510), (540, 568), (540, 632), (350, 690)]
    b = [(600, 568), (790, 510), (790, 690), (600, 632)]
    c.polygon([c.P(*p) for p in a], fill=train_fill, outline=train_line, width=4)
    c.polygon([c.P(*p) for p in b], fill=train_fill, outline=train_line, width=4)
    c.text(c.X(420), 574, "A", size=36, bold=True)
    c.text(c.X(420), 633, "r × d", size=28, ltr=True)
    c.text(c.X(725), 574, "B", size=36, bold=True)
    c.text(c.X(725), 633, "d × r", size=28, ltr=True)
    c.arrow([c.P(540, 600), c.P(600, 600)], INK, 4, head=14)
    for cx, key in ((440, "arch.a"), (720, "arch.b")):
        box = c.text(c.X(cx), 708, c.t(key), size=28, bold=True, valign="top", max_width=268, max_lines=2)
        c.text(c.X(cx), box[3] + 2, c.t(key + "_init"), size=28, fill=MUTED, valign="top", max_width=268, max_lines=1)

    # scale, sum, output
    c.arrow([c.P(790, 600), c.P(842, 600)], INK, 4, head=14)
    c.circle(c.X(890), 600, 46, fill=WHITE, outline=INK, width=3)
    c.text(c.X(890), 600, "α/r", size=30, bold=True, ltr=True)
    c.text(c.X(890), 528, c.t("arch.scale"), size=28, fill=MUTED, max_width=180)
    c.arrow([c.P(936, 600), c.P(1010, 600), c.P(1010, 488)], INK, 4)
    c.arrow([c.P(640, 280), c.P(1010, 280), c.P(1010, 412)], INK, 4)
    c.circle(c.X(1010), 450, 36, fill=WHITE, outline=INK, width=4)
    c.line([c.P(990, 450), c.P(1030, 450)], INK, 4)
    c.line([c.P(1010, 430), c.P(1010, 470)], INK, 4)
    c.arrow([c.P(1046, 450), c.P(1100, 450)], INK, 4)
    c.box(1190, 450, 180, 130, fill=WHITE, outline=INK, width=3, radius=14)
    c.text(c.X(1190), 428, c.t("arch.output"), size=30, bold=True, max_width=160)
    c.text(c.X(1190), 478, "d", size=30, fill=MUTED)

    # notes column
    d, r = 4096, 8
    lora, full = 2 * d * r, d * d
    example = c.t(
        "arch.example",
        lora=fmt_number(lora, 0, lang),
        full=fmt_number(full, 0, lang),
        pct=fmt_percent(100 * lora / full, lang, 2),
    )
    nx = c.X(1430)
    box = c.text(nx, 230, c.t("arch.params"), size=28, bold=True, valign="top", max_width=270)
    box = c.text(nx, box[3] + 14, example, size=28, valign="top", max_width=270)
    c.text(nx, box[3] + 26, c.t("arch.merge"), size=28, fill=MUTED, valign="top", max_width=270)

    # legend
    _legend_swatch(c, 80, 860, frozen_fill, c.t("frozen"), outline=frozen_line)
    frozen_w = text_width(c.t("frozen"), lang, 28)
    x2 = 80 + frozen_w + 110
    _legend_swatch(c, x2, 860, train_fill, c.t("trainable"), outline=train_line)
    x3 = x2 + text_width(c.t("trainable"), lang, 28) + 110
    c.text(c.X(x3), 860, c.t("arch.rank"), size=28, align="start", fill=MUTED)


# --------------------------------------------------------------------------------------------------
# 2 deployment-pipeline
# --------------------------------------------------------------------------------------------------
def _deployment_pipeline(c: Canvas) -> None:
    _header(c, "deployment-pipeline")
    stages = [
        ("pipe.data", SKY),
        ("pipe.train", ORANGE),
        ("pipe.eval", GREEN),
        ("pipe.safety", VERMILLION),
        ("pipe.handoff", PURPLE),
        ("pipe.serve", BLUE),
    ]
    w, gap, top, bottom = 224, 42, 200, 560
    xs = [WIDTH / 2 + (i - 2.5) * (w + gap) for i in range(len(stages))]
    for i, ((key, colour), cx) in enumerate(zip(stages, xs)):
        c.box(cx, (top + bottom) / 2, w, bottom - top, fill=tint(colour, 0.18), outline=colour, width=4, radius=18)
        c.circle(c.X(cx), top, 26, fill=colour, outline=WHITE, width=3)
        c.text(
            c.X(cx),
            top,
            str(i + 1),
            size=30,
            bold=True,
            fill=WHITE if colour in (BLUE, VERMILLION, GREEN) else INK,
            check_overlap=False,
        )
        box = c.text(c.X(cx), top + 40, c.t(key), size=30, bold=True, valign="top", max_width=w - 16, max_lines=2)
        c.line([(c.X(cx) - 40, box[3] + 14), (c.X(cx) + 40, box[3] + 14)], colour, 3)
        c.text(c.X(cx), box[3] + 30, c.t(key + ".d"), size=28, fill=MUTED, valign="top", max_width=w - 16, max_lines=6)
        if i < len(stages) - 1:
            c.arrow([c.P(cx + w / 2 + 4, 385), c.P(cx + w / 2 + gap - 4, 385)], INK, 5, head=15)
    # feedback loop
    c.arrow([c.P(xs[-1], bottom), c.P(xs[-1], 640), c.P(xs[0], 640), c.P(xs[0], bottom + 2)], INK, 5, head=20)
    c.text(WIDTH / 2, 664, c.t("pipe.feedback"), size=30, bold=True, valign="top", max_width=1200, max_lines=2)
    c.text(WIDTH / 2, 790, c.t("pipe.gate"), size=28, fill=MUTED, valign="top", max_width=1400, max_lines=2)


# --------------------------------------------------------------------------------------------------
# 3 evaluation-matrix (illustrative values)
# --------------------------------------------------------------------------------------------------
EVALUATION_ROWS = (  # candidate, accuracy, p95 latency ms, editorial quality 1-5 (illustrative)
    ("r4-attn", 0.71, 38, 3.4),
    ("r8-attn", 0.74, 39, 3.7),
    ("r16-attn+mlp", 0.79, 44, 4.2),
    ("r8-dora", 0.77, 52, 4.0),
    ("qlora-r16", 0.76, 61, 3.9),
)
_RAMP = [(239, 246, 252), (198, 224, 243), (128, 185, 222), (52, 130, 190), (8, 69, 128)]


def _ramp(t: float):
    t = max(0.0, min(1.0, t)) * (len(_RAMP) - 1)
    i = min(int(t), len(_RAMP) - 2)
    f = t - i
    return tuple(round(a + (b - a) * f) for a, b in zip(_RAMP[i], _RAMP[i + 1]))


def _luminance(rgb) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _evaluation_matrix(c: Canvas) -> None:
    _header(c, "evaluation-matrix", illustrative=True)
    lang = c.lang
    columns = [
        ("eval.accuracy", "eval.higher", 2, True),
        ("eval.latency", "eval.lower", 0, False),
        ("eval.quality", "eval.higher", 1, True),
    ]
    left, label_w, right = 60, 330, 1540
    col_w = (right - left - label_w) / len(columns)
    head_top, row_top, row_h = 110, 270, 92
    # header
    c.text(
        c.X(left + 10),
        row_top - 30,
        c.t("eval.candidate"),
        size=28,
        bold=True,
        align="start" if not c.rtl else "right",
        max_width=label_w - 20,
    )
    for j, (key, hint, _d, _hi) in enumerate(columns):
        cx = left + label_w + col_w * (j + 0.5)
        box = c.text(
            c.X(cx), head_top + 30, c.t(key), size=30, bold=True, valign="top", max_width=col_w - 30, max_lines=2
        )
        c.text(c.X(cx), box[3] + 6, c.t(hint), size=28, fill=MUTED, valign="top", max_width=col_w - 30)
    c.line([c.P(left, row_top - 6), c.P(right, row_top - 6)], INK, 2)
    # cells
    for j, (_key, _hint, decimals, higher_better) in enumerate(columns):
        values = [row[j + 1] for row in EVALUATION_ROWS]
        lo, hi = min(values), max(values)
        best = max(values) if higher_better else min(values)
        for i, row in enumerate(EVALUATION_ROWS):
            v = row[j + 1]
            t = (v - lo) / (hi - lo) if hi > lo else 0.5
            if not higher_better:
                t = 1 - t
            colour = _ramp(0.05 + 0.95 * t)
            x0 = left + label_w + col_w * j
            y0 = row_top + i * row_h
            c.rect(c.X(x0 + 4), y0 + 4, c.X(x0 + col_w - 4), y0 + row_h - 4, fill=colour, radius=8)
            if v == best:
                c.rect(c.X(x0 + 4), y0 + 4, c.X(x0 + col_w - 4), y0 + row_h - 4, outline=INK, width=5, radius=8)
            text_colour = WHITE if _luminance(colour) < 0.3 else INK
            c.text(
                c.X(x0 + col_w / 2),
                y0 + row_h / 2,
                fmt_number(v, decimals, lang),
                size=34,
                bold=v == best,
                fill=text_colour,
            )
    for i, row in enumerate(EVALUATION_ROWS):
        y = row_top + i * row_h + row_h / 2
        c.text(c.X(left + 10), y, row[0], size=30, bold=True, align="right" if c.rtl else "left")
    # legend
    ly = 800
    gx0 = 60
    for k in range(60):
        x = gx0 + k * 4
        c.rect(c.X(x), ly - 16, c.X(x + 4), ly + 16, fill=_ramp(k / 59))
    c.rect(c.X(gx0), ly - 16, c.X(gx0 + 240), ly + 16, outline=INK, width=2)
    c.text(c.X(gx0), ly + 42, c.t("eval.worse"), size=28, fill=MUTED, align="start")
    c.text(c.X(gx0 + 240), ly + 42, c.t("eval.better"), size=28, fill=MUTED, align="end")
    c.text(c.X(gx0 + 280), ly, c.t("eval.legend"), size=28, align="start", max_width=820, max_lines=1)
    c.rect(c.X(1200), ly - 22, c.X(1250), ly + 22, outline=INK, width=5, radius=6, fill=_ramp(0.6))
    c.text(c.X(1266), ly, c.t("eval.best"), size=28, align="start", max_width=290, max_lines=2)


# --------------------------------------------------------------------------------------------------
# 4 qlora-memory (computed from bytes per parameter)
# --------------------------------------------------------------------------------------------------
# Bytes per parameter for the weights (QLoRA, arXiv:2305.14314): NF4 stores 4 bits plus block
# constants (0.5 bit/param) = 4.5 bits; double quantization shrinks the constants to 0.127 bit.
BYTES_PER_PARAM = (("bf16", 2.0), ("int8", 1.0), ("NF4", 0.5625), ("NF4 + DQ", 0.516))
MODEL_SIZES = (("7B", 7e9), ("65B", 65e9))
GPU_48GB = 48.0


def weight_memory_gb(params: float, bytes_per_param: float) -> float:
    return params * bytes_per_param / 1e9


def _nice_step(max_value: float, ticks: int = 5) -> float:
    raw = max_value / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _qlora_memory(c: Canvas) -> None:
    _header(c, "qlora-memory")
    lang = c.lang
    byte_list = " · ".join(f"{name} {fmt_number(b, 4, lang).rstrip('0').rstrip(',.')}" for name, b in BYTES_PER_PARAM)
    c.text(
        c.X(48),
        112,
        c.t("mem.subtitle", bytes=byte_list),
        size=28,
        fill=MUTED,
        align="start",
        valign="top",
        max_width=1500,
        max_lines=2,
    )
    colours = (BLUE, SKY, ORANGE, VERMILLION)
    panels = ((180, 660), (870, 1350))
    plot_top, plot_bottom = 300, 730
    for (label, params), (x0, x1) in zip(MODEL_SIZES, panels):
        values = [weight_memory_gb(params, b) for _name, b in BYTES_PER_PARAM]
        step = _nice_step(max(values) * 1.12, 5)
        top_value = step * math.ceil(max(values) * 1.12 / step)

        def y_of(v, top_value=top_value):
            return plot_bottom - (plot_bottom - plot_top) * v / top_value

        c.text((x0 + x1) / 2, 200, c.t("mem.model", size=label), size=32, bold=True)
        c.text(x0 - 80, 254, c.t("mem.axis"), size=28, fill=MUTED, align="left", max_width=x1 - x0 + 70)
        tick = 0.0
        while tick <= top_value + 1e-9:
            y = y_of(tick)
            c.line([(x0, y), (x1, y)], GRID if tick else INK, 2)
            c.text(x0 - 14, y, fmt_number(tick, 0, lang), size=28, fill=MUTED, align="right")
            tick += step
        slot = (x1 - x0) / len(values)
        for k, (value, (name, _b), colour) in enumerate(zip(values, BYTES_PER_PARAM, colours)):
            cx = x0 + slot * (k + 0.5)
            c.rect(cx - 42, y_of(value), cx + 42, plot_bottom, fill=colour)
            c.text(cx, y_of(value) - 22, fmt_number(value, 1, lang), size=28, bold=True)
            c.text(cx, plot_bottom + 30, name, size=28, bold=True, ltr=True)
        if top_value > GPU_48GB:
            y = y_of(GPU_48GB)
            c.line([(x0, y), (x1, y)], INK, 3, dash=(14, 9))
            c.text(x1 + 14, y, c.t("mem.gpu"), size=28, bold=True, align="left", max_width=WIDTH - x1 - 30, max_lines=3)
    c.text(c.X(48), 818, c.t("mem.note"), size=28, fill=MUTED, align="start", valign="top", max_width=1500, max_lines=2)


# --------------------------------------------------------------------------------------------------
# 5 vit-lora-targets
# --------------------------------------------------------------------------------------------------
def _vit_lora_targets(c: Canvas) -> None:
    _header(c, "vit-lora-targets")
    X, P = c.X, c.P
    frozen_fill, frozen_line = tint(BLUE, 0.16), BLUE
    lora_fill, lora_line = tint(ORANGE, 0.45), shade(ORANGE, 0.8)
    head_fill, head_line = tint(GREEN, 0.25), GREEN
    row_y = 235

    # image with patches (a tiny landscape), 4×4 grid
    ix0, size = 60, 170
    iy0 = row_y - size / 2
    x0 = X(ix0 + size) if c.rtl else X(ix0)
    c.rect(x0, iy0, x0 + size, iy0 + size, fill=tint(SKY, 0.35))
    c.circle(x0 + 122, iy0 + 46, 22, fill=YELLOW)
    c.polygon(
        [
            (x0, iy0 + 132),
            (x0 + 56, iy0 + 85),
            (x0 + 112, iy0 + 126),
            (x0 + size, iy0 + 94),
            (x0 + size, iy0 + size),
            (x0, iy0 + size),
        ],
        fill=tint(GREEN, 0.7),
    )
    for k in range(1, 4):
        c.line([(x0 + k * size / 4, iy0), (x0 + k * size / 4, iy0 + size)], WHITE, 4)
        c.line([(x0, iy0 + k * size / 4), (x0 + size, iy0 + k * size / 4)], WHITE, 4)
    c.rect(x0, iy0, x0 + size, iy0 + size, outline=INK, width=2)
    c.text(X(ix0 + size / 2), row_y + 102, c.t("vit.patches"), size=28, valign="top", max_width=262, max_lines=2)

    # patch embedding: a column of tokens ([CLS] first)
    ex = 400
    c.arrow([P(ix0 + size + 8, row_y), P(ex - 75, row_y)], INK, 4, head=14)
    c.box(ex, row_y, 130, 196, fill=frozen_fill, outline=frozen_line, width=3, radius=12)
    for k in range(6):
        y = row_y - 78 + k * 31
        colour = PURPLE if k == 0 else tint(BLUE, 0.55)
        c.box(ex, y, 80, 21, fill=colour, outline=shade(colour, 0.6), width=1, radius=4)
    c.text(X(ex), row_y + 102, c.t("vit.embed"), size=28, valign="top", max_width=240, max_lines=3)

    # encoder stack
    sx = 660
    c.arrow([P(ex + 65 + 8, row_y), P(sx - 100, row_y)], INK, 4, head=14)
    for k in (2, 1, 0):
        c.box(
            sx + 12 * k,
            row_y - 12 * k,
            180,
            150,
            fill=WHITE if k else frozen_fill,
            outline=frozen_line,
            width=3,
            radius=12,
        )
    c.text(X(sx), row_y, "× N", size=36, bold=True, ltr=True)
    label = c.text(X(sx), row_y + 102, c.t("vit.blocks"), size=28, valign="top", max_width=250, max_lines=2)

    # classifier head
    hx = 1010
    c.arrow([P(sx + 90 + 26, row_y), P(hx - 135, row_y)], INK, 4, head=14)
    c.box(hx, row_y, 260, 150, fill=head_fill, outline=head_line, width=4, radius=14)
    c.text(X(hx), row_y, c.t("vit.head"), size=28, bold=True, max_width=236, max_lines=2)
    c.text(
        X(hx),
        row_y + 102,
        c.t("vit.full"),
        size=28,
        bold=True,
        fill=shade(GREEN, 0.7),
        valign="top",
        max_width=260,
        max_lines=2,
    )

    # legend (top right)
    lx = 1220
    _legend_swatch(c, lx, 160, frozen_fill, c.t("frozen"), outline=frozen_line)
    _legend_swatch(c, lx, 220, lora_fill, c.t("vit.adapter"), outline=lora_line)
    _legend_swatch(c, lx, 280, head_fill, c.t("vit.full"), outline=head_line)

    # expanded block, connected to the stack
    px0, py0, px1, py1 = 60, 470, 1540, 815
    c.arrow([(X(sx), label[3] + 6), (X(sx), py0 - 2)], MUTED, 3, head=14, dash=(8, 6))
    c.rect(X(px0), py0, X(px1), py1, fill=(250, 250, 250), outline=frozen_line, width=3, radius=16)
    c.text(X(px0 + 24), py0 + 30, c.t("vit.expanded"), size=30, bold=True, align="start", max_width=560, max_lines=1)
    mid = 665
    res_y = 795  # residual connections run along the bottom of the panel
    # LayerNorm 1
    c.arrow([P(px0 + 16, mid), P(px0 + 73, mid)], INK, 4, head=12)
    c.box(px0 + 105, mid, 60, 150, fill=frozen_fill, outline=frozen_line, width=3, radius=8)
    c.text(X(px0 + 105), mid, "LN", size=28, bold=True)
    # attention group
    ax0, ax1 = 220, 900
    c.rect(X(ax0), 535, X(ax1), 775, fill=WHITE, outline=frozen_line, width=3, radius=14)
    c.text(X((ax0 + ax1) / 2), 560, c.t("vit.attn"), size=28, bold=True, max_width=ax1 - ax0 - 30, max_lines=1)
    c.line([P(px0 + 135, mid), P(ax0 + 10, mid)], INK, 4)
    qkv = (("q", 612, True), ("k", 670, False), ("v", 728, True))
    for name, y, adapted in qkv:
        c.arrow([P(ax0 + 10, mid), P(ax0 + 26, y), P(ax0 + 50, y)], INK, 3, head=9)
        c.box(ax0 + 95, y, 90, 46, fill=frozen_fill, outline=frozen_line, width=3, radius=8)
        c.text(X(ax0 + 95), y, name, size=30, bold=True)
        if adapted:
            c.line([P(ax0 + 140, y), P(ax0 + 160, y)], lora_line, 4)
            c.box(ax0 + 215, y, 110, 46, fill=lora_fill, outline=lora_line, width=3, radius=23)
            c.text(X(ax0 + 215), y, "LoRA", size=28, bold=True)
        c.arrow([P(ax0 + 270 if adapted else ax0 + 140, y), P(ax0 + 340, y)], INK, 3, head=10)
    c.box(ax0 + 420, 670, 160, 150, fill=frozen_fill, outline=frozen_line, width=3, radius=10)
    c.text(X(ax0 + 420), 650, "softmax", size=28)
    c.text(X(ax0 + 420), 692, "(qkᵀ)·v", size=28, ltr=True)
    c.arrow([P(ax0 + 500, 670), P(ax0 + 568, 670)], INK, 4, head=12)
    c.box(ax0 + 612, 670, 80, 60, fill=frozen_fill, outline=frozen_line, width=3, radius=8)
    c.text(X(ax0 + 612), 670, "o", size=30, bold=True)
    # residual add 1
    add1 = 960
    c.arrow([P(ax0 + 652, 670), P(add1 - 24, 670)], INK, 4, head=12)
    c.circle(X(add1), 670, 24, fill=WHITE, outline=INK, width=3)
    c.line([P(add1 - 12, 670), P(add1 + 12, 670)], INK, 3)
    c.line([P(add1, 658), P(add1, 682)], INK, 3)
    c.arrow([P(px0 + 45, mid), P(px0 + 45, res_y), P(add1, res_y), P(add1, 694)], MUTED, 3, head=12)
    # LayerNorm 2 and MLP
    c.arrow([P(add1 + 24, 670), P(1013, 670)], INK, 4, head=12)
    c.box(1045, 670, 60, 150, fill=frozen_fill, outline=frozen_line, width=3, radius=8)
    c.text(X(1045), 670, "LN", size=28, bold=True)
    mx0, mx1 = 1110, 1420
    c.arrow([P(1075, 670), P(mx0, 670)], INK, 4, head=12)
    c.rect(X(mx0), 560, X(mx1), 775, fill=WHITE, outline=frozen_line, width=3, radius=14)
    c.text(X((mx0 + mx1) / 2), 592, "MLP", size=30, bold=True)
    for k, name in enumerate(("fc1", "GELU", "fc2")):
        bx = mx0 + 55 + k * 100
        c.box(bx, 685, 86, 56, fill=frozen_fill, outline=frozen_line, width=3, radius=8)
        c.text(X(bx), 685, name, size=28, bold=name != "GELU")
    # residual add 2
    add2 = 1475
    c.arrow([P(mx1, 670), P(add2 - 24, 670)], INK, 4, head=12)
    c.circle(X(add2), 670, 24, fill=WHITE, outline=INK, width=3)
    c.line([P(add2 - 12, 670), P(add2 + 12, 670)], INK, 3)
    c.line([P(add2, 658), P(add2, 682)], INK, 3)
    c.arrow([P(985, 670), P(985, res_y - 0), P(add2, res_y), P(add2, 694)], MUTED, 3, head=12)
    c.arrow([P(add2, 646), P(add2, 600)], INK, 4, head=12)
    c.text(X(px1 - 20), py1 + 40, c.t("vit.config"), size=28, fill=MUTED, align="end", max_width=1480, max_lines=1)


# --------------------------------------------------------------------------------------------------
# 6 serving-topology
# --------------------------------------------------------------------------------------------------
def _serving_topology(c: Canvas) -> None:
    _header(c, "serving-topology")
    X, P = c.X, c.P
    # clients
    for k in range(3):
        c.box(115, 400 + k * 64, 140, 46, fill=tint(INK, 0.08), outline=MUTED, width=2, radius=10)
    c.text(X(115), 350, c.t("serve.clients"), size=28, bold=True, max_width=170)
    # gateway
    gx, gy, gw = 345, 464, 220
    c.arrow([P(185, 464), P(gx - gw / 2, 464)], INK, 5, head=16)
    c.box(gx, gy, gw, 300, fill=tint(INK, 0.1), outline=INK, width=4, radius=16)
    box = c.text(
        X(gx), gy - 110, c.t("serve.gateway"), size=30, bold=True, max_width=gw - 20, max_lines=2, valign="top"
    )
    c.text(
        X(gx), box[3] + 10, c.t("serve.gateway.d"), size=28, fill=MUTED, valign="top", max_width=gw - 16, max_lines=4
    )
    # pools
    pools = (
        ("serve.blue", BLUE, 215, None, "serve.live"),
        ("serve.green", GREEN, 464, (16, 10), "serve.switch"),
        ("serve.shadow", PURPLE, 713, (6, 8), "serve.mirror"),
    )
    p0, p1 = 690, 1200
    mid_x = 490
    for key, colour, cy, dash, edge_label in pools:
        c.rect(X(p0), cy - 100, X(p1), cy + 100, fill=tint(colour, 0.14), outline=colour, width=4, radius=16, dash=dash)
        c.text(X(p0 + 24), cy - 66, c.t(key), size=30, bold=True, align="start", max_width=p1 - p0 - 48, max_lines=1)
        # queue
        for q in range(4):
            filled = q < (3 if key == "serve.blue" else 1)
            c.box(
                p0 + 40 + q * 22,
                cy + 26,
                16,
                50,
                fill=colour if filled else WHITE,
                outline=shade(colour, 0.7),
                width=2,
                radius=3,
            )
        c.text(X(p0 + 73), cy + 74, c.t("serve.queue"), size=28, fill=MUTED, max_width=150)
        for r in range(3):
            rx = p0 + 225 + r * 108
            c.box(rx, cy + 26, 96, 70, fill=WHITE, outline=colour, width=3, radius=10)
            c.text(X(rx), cy + 26, "vLLM", size=28, bold=True)
        c.arrow([P(p0 + 132, cy + 26), P(p0 + 172, cy + 26)], INK, 3, head=10)
        # edge from the gateway, labelled above its last leg
        sy = gy + (cy - 464) * 0.6
        width = 6 if key == "serve.blue" else 4
        c.arrow([P(gx + gw / 2, sy), P(mid_x, sy), P(mid_x, cy), P(p0, cy)], colour, width, head=18, dash=dash)
        c.text(
            X((mid_x + p0) / 2 + 6),
            cy - 8,
            c.t(edge_label),
            size=28,
            fill=shade(colour, 0.7),
            valign="bottom",
            max_width=p0 - mid_x - 20,
            max_lines=2,
        )
    c.text(
        X(p0 + 24),
        713 + 100 + 34,
        c.t("serve.shadow.d"),
        size=28,
        fill=MUTED,
        align="start",
        max_width=900,
        max_lines=1,
    )
    # autoscaler
    ax, ay, aw = 1420, 464, 260
    c.box(ax, ay, aw, 220, fill=tint(ORANGE, 0.25), outline=shade(ORANGE, 0.8), width=4, radius=16)
    box = c.text(
        X(ax), ay - 80, c.t("serve.autoscaler"), size=30, bold=True, valign="top", max_width=aw - 20, max_lines=1
    )
    c.text(X(ax), box[3] + 10, c.t("serve.scale"), size=28, fill=MUTED, valign="top", max_width=aw - 24, max_lines=3)
    for _key, _colour, cy, *_rest in pools:
        c.arrow(
            [P(p1 + 6, cy), P(ax - aw / 2 - 6, ay + (cy - 464) * 0.4)],
            shade(ORANGE, 0.8),
            3,
            head=14,
            dash=(8, 7),
            both=True,
        )
    c.text(X(ax), ay + 150, c.t("serve.watch"), size=28, bold=True, valign="top", max_width=aw + 40, max_lines=2)


# --------------------------------------------------------------------------------------------------
# 7 rank-sweep (illustrative formula)
# --------------------------------------------------------------------------------------------------
RANKS = (1, 2, 4, 8, 16, 32, 64)


def rank_sweep_accuracy(rank: int, rslora: bool) -> float:
    """Illustrative exact-match accuracy for a LoRA rank sweep (not a measurement).

    acc(r) = capacity(r) - slowdown(r)
      capacity(r) = 0.78 - 0.22 * exp(-(r - 1) / 1.6) + 0.006 * log2(r)
          more rank, more capacity, saturating above rank ~8 (0.56 at r=1)
      slowdown(r) = 0.15 * max(0, -log2(s(r)))
          s(r) is the update scale relative to rank 4 at a learning rate tuned there:
          alpha/r gives s = 2/sqrt(r) (the update shrinks as r grows), rsLoRA alpha/sqrt(r) keeps s >= 1.
    This reproduces the lab note's shape: alpha/r peaks at rank 4 near 0.76 and falls for higher
    ranks, while rsLoRA keeps improving slightly.
    """
    capacity = 0.78 - 0.22 * math.exp(-(rank - 1) / 1.6) + 0.006 * math.log2(rank)
    scale = 2.0 if rslora else 2.0 / math.sqrt(rank)
    slowdown = 0.15 * max(0.0, -math.log2(min(scale, 2.0)))
    return capacity - slowdown


def _rank_sweep(c: Canvas) -> None:
    _header(c, "rank-sweep", illustrative=True)
    lang = c.lang
    x0, x1, y0, y1 = 200, 1090, 190, 730  # plot area
    lo, hi = 0.4, 0.9

    def px(rank):
        return x0 + 30 + (x1 - x0 - 60) * math.log2(rank) / 6

    def py(v):
        return y1 - (y1 - y0) * (v - lo) / (hi - lo)

    c.text(x0 - 110, 148, c.t("rank.y"), size=28, fill=MUTED, align="left", max_width=900, max_lines=1)
    for k in range(6):
        v = lo + 0.1 * k
        c.line([(x0, py(v)), (x1, py(v))], GRID if k else INK, 2)
        c.text(x0 - 14, py(v), fmt_number(v, 1, lang), size=28, fill=MUTED, align="right")
    for rank in RANKS:
        c.line([(px(rank), y1), (px(rank), y1 + 10)], INK, 2)
        c.text(px(rank), y1 + 36, str(rank), size=28, fill=MUTED)
    c.text((x0 + x1) / 2, y1 + 90, c.t("rank.x"), size=28, fill=MUTED, max_width=880, max_lines=1)
    series = ((False, VERMILLION, None, "alpha/r"), (True, BLUE, (16, 10), "rsLoRA alpha/√r"))
    for rslora, colour, dash, _label in series:
        points = [(px(r), py(rank_sweep_accuracy(r, rslora))) for r in RANKS]
        c.line(points, colour, 5, dash=dash)
    for rslora, colour, _dash, _label in series:
        for r in RANKS:
            x, y = px(r), py(rank_sweep_accuracy(r, rslora))
            if rslora:
                c.rect(x - 8, y - 8, x + 8, y + 8, fill=colour, outline=WHITE, width=2)
            else:
                c.circle(x, y, 12, fill=colour, outline=WHITE, width=2)
    # peak annotation
    values = {r: rank_sweep_accuracy(r, False) for r in RANKS}
    peak = max(values, key=values.get)
    pxk, pyk = px(peak), py(values[peak])
    c.line([(pxk, pyk + 16), (pxk + 40, pyk + 120)], INK, 2)
    c.text(
        pxk + 40,
        pyk + 140,
        c.t("rank.peak", v=fmt_number(values[peak], 2, lang), r=peak),
        size=28,
        bold=True,
        align="left",
        max_width=420,
    )
    # legend and notes on the right
    lx = 1150
    ly = 220
    for k, (_rs, colour, dash, label) in enumerate(series):
        y = ly + k * 56
        c.line([(lx, y), (lx + 70, y)], colour, 5, dash=dash)
        if _rs:
            c.rect(lx + 27, y - 8, lx + 43, y + 8, fill=colour)
        else:
            c.circle(lx + 35, y, 12, fill=colour)
        c.text(lx + 90, y, label, size=30, bold=True, align="left", ltr=True)
    align = "right" if c.rtl else "left"
    tx = 1550 if c.rtl else lx
    box = c.text(tx, 370, c.t("rank.lr"), size=28, valign="top", align=align, max_width=400)
    c.text(tx, box[3] + 24, c.t("rank.note"), size=28, fill=MUTED, valign="top", align=align, max_width=400)


# --------------------------------------------------------------------------------------------------
# 8 adapter-routing
# --------------------------------------------------------------------------------------------------
ROUTED_REQUESTS = (("#1", "A"), ("#2", "C"), ("#3", "base"), ("#4", "B"), ("#5", "A"), ("#6", "C"))
ADAPTER_COLOURS = {"A": BLUE, "B": ORANGE, "C": GREEN, "base": (150, 150, 150)}


def _adapter_routing(c: Canvas) -> None:
    _header(c, "adapter-routing")
    X, P = c.X, c.P
    top, step = 250, 82
    ys = [top + k * step for k in range(len(ROUTED_REQUESTS))]
    # incoming requests
    c.text(X(115), 175, c.t("route.requests"), size=28, bold=True, max_width=210, max_lines=2)
    for (rid, _a), y in zip(ROUTED_REQUESTS, ys):
        c.box(115, y, 140, 58, fill=WHITE, outline=MUTED, width=2, radius=10)
        c.text(X(115), y, rid, size=28, bold=True)
        c.line([P(185, y), P(214, 455)], GRID, 2)
    # router
    rx, rw = 335, 210
    c.arrow([P(214, 455), P(rx - rw / 2, 455)], INK, 4, head=12)
    c.box(rx, 455, rw, 330, fill=tint(INK, 0.1), outline=INK, width=4, radius=16)
    box = c.text(X(rx), 310, c.t("route.router"), size=30, bold=True, valign="top", max_width=rw - 20)
    c.text(X(rx), box[3] + 8, c.t("route.router.d"), size=28, fill=MUTED, valign="top", max_width=rw - 16, max_lines=6)
    # mixed batch
    bx0, bx1 = 520, 740
    c.arrow([P(rx + rw / 2, 455), P(bx0 - 12, 455)], INK, 4, head=12)
    c.text(X((bx0 + bx1) / 2), 175, c.t("route.batch"), size=28, bold=True, max_width=260, max_lines=2)
    for (rid, adapter), y in zip(ROUTED_REQUESTS, ys):
        colour = ADAPTER_COLOURS[adapter]
        c.rect(X(bx0), y - 32, X(bx1), y + 32, fill=tint(colour, 0.22), outline=colour, width=3, radius=6)
        c.text(X(bx0 + 50), y, rid, size=28, bold=True)
        chip_x = bx0 + 160
        c.box(chip_x, y, 100, 44, fill=colour, radius=22)
        c.text(X(chip_x), y, adapter, size=28, bold=True, fill=WHITE if adapter != "B" else INK)
    c.rect(X(bx0 - 10), ys[0] - 42, X(bx1 + 10), ys[-1] + 42, outline=INK, width=3, radius=10, dash=(10, 7))
    # shared base model with adapters
    mx0, mx1 = 830, 1270
    c.arrow([P(bx1 + 12, 455), P(mx0, 455)], INK, 6, head=18)
    c.rect(X(mx0), 200, X(mx1), 720, fill=tint(BLUE, 0.1), outline=FROZEN, width=4, radius=18)
    c.text(X((mx0 + mx1) / 2), 250, c.t("route.base"), size=30, bold=True, max_width=mx1 - mx0 - 40, max_lines=2)
    for k in range(3):
        y = 318 + k * 46
        c.rect(X(mx0 + 40), y, X(mx1 - 40), y + 30, fill=tint(FROZEN, 0.35), radius=6)
    c.text(X((mx0 + mx1) / 2), 500, c.t("route.adapters"), size=28, fill=MUTED, max_width=mx1 - mx0 - 40, max_lines=2)
    for k, name in enumerate(("A", "B", "C")):
        ax = mx0 + 90 + k * 130
        colour = ADAPTER_COLOURS[name]
        c.box(ax, 625, 100, 90, fill=colour, outline=shade(colour, 0.7), width=3, radius=12)
        c.text(X(ax), 625, name, size=36, bold=True, fill=WHITE if name != "B" else INK)
    # responses
    ox = 1445
    c.arrow([P(mx1, 455), P(ox - 105, 455)], INK, 6, head=18)
    c.text(X(ox), 175, c.t("route.responses"), size=28, bold=True, max_width=220, max_lines=2)
    for (rid, adapter), y in zip(ROUTED_REQUESTS, ys):
        colour = ADAPTER_COLOURS[adapter]
        c.box(ox, y, 190, 58, fill=WHITE, outline=colour, width=4, radius=10)
        c.text(X(ox), y, f"{rid} · {adapter}", size=28, bold=True, ltr=True)
    # notes
    c.text(X(60), 790, c.t("route.note"), size=30, bold=True, align="start", max_width=1480, max_lines=1)
    code = 'model(…, adapter_names=["A", "C", "__base__", "B", "A", "C"])'
    c.text(X(60), 846, code, size=28, fill=MUTED, align="start", max_width=1000, ltr=True)
    c.text(X(1540), 846, c.t("route.nobase"), size=28, fill=MUTED, align="end", max_width=440)


# --------------------------------------------------------------------------------------------------
# 9 peft-methods (computed from a model shape)
# --------------------------------------------------------------------------------------------------
LLAMA_7B_SHAPE = {"layers": 32, "hidden": 4096, "intermediate": 11008, "heads": 32, "vocab": 32000}


def llama_parameter_count(layers, hidden, intermediate, heads, vocab) -> int:
    """Parameters of a Llama-style decoder: untied embeddings and LM head, no biases, RMSNorm weights."""
    attention = 4 * hidden * hidden  # q, k, v, o (no grouped-query attention)
    mlp = 3 * hidden * intermediate  # gate, up, down
    norms = 2 * hidden
    return layers * (attention + mlp + norms) + 2 * vocab * hidden + hidden


def peft_trainable_parameters(layers, hidden, intermediate, heads, vocab, rank=8, virtual_tokens=20) -> dict[str, int]:
    """Trainable parameters per method for a Llama-style shape (PEFT defaults where they apply)."""

    def lora(n_in, n_out):  # A is r×in, B is out×r
        return rank * (n_in + n_out)

    return {
        "peft.lora_qv": layers * 2 * lora(hidden, hidden),
        "peft.lora_all": layers
        * (4 * lora(hidden, hidden) + 2 * lora(hidden, intermediate) + lora(intermediate, hidden)),
        # IA3 on Llama (PEFT default): scale k and v outputs and the input of down_proj
        "peft.ia3": layers * (hidden + hidden + intermediate),
        # prefix tuning without projection: a key and a value vector per layer per virtual token
        "peft.prefix": virtual_tokens * layers * 2 * hidden,
        "peft.prompt": virtual_tokens * hidden,
        # Llama has no biases; BitFit needs biases added to every linear layer first
        "peft.bitfit": layers * (4 * hidden + 2 * intermediate + hidden),
        "peft.full": llama_parameter_count(layers, hidden, intermediate, heads, vocab),
    }


def _peft_methods(c: Canvas) -> None:
    _header(c, "peft-methods")
    lang = c.lang
    total = llama_parameter_count(**LLAMA_7B_SHAPE)
    counts = peft_trainable_parameters(**LLAMA_7B_SHAPE)
    c.text(
        c.X(48),
        104,
        c.t("peft.subtitle", total=fmt_number(total, 0, lang)),
        size=28,
        fill=MUTED,
        align="start",
        valign="top",
        max_width=1500,
        max_lines=2,
    )
    colours = {
        "peft.lora_qv": ORANGE,
        "peft.lora_all": ORANGE,
        "peft.ia3": GREEN,
        "peft.prefix": SKY,
        "peft.prompt": SKY,
        "peft.bitfit": PURPLE,
        "peft.full": BLUE,
    }
    x0, x1 = 600, 1400
    lo, hi = -3, 2  # log10 of percent

    def px(pct):
        return x0 + (x1 - x0) * (math.log10(pct) - lo) / (hi - lo)

    top, row_h = 220, 78
    for k in range(lo, hi + 1):
        x = px(10.0**k)
        c.line([(x, top - 20), (x, top + row_h * 7)], GRID if k != lo else INK, 2)
        c.text(x, top + row_h * 7 + 30, fmt_percent(10.0**k, lang, 1), size=28, fill=MUTED)
    for i, (key, count) in enumerate(counts.items()):
        y = top + row_h * i + row_h / 2
        pct = 100 * count / total
        c.text(x0 - 20, y, c.t(key), size=28, align="right", max_width=540, max_lines=2)
        colour = colours[key]
        c.rect(x0, y - 24, px(pct), y + 24, fill=colour)
        label = f"{fmt_percent(pct, lang)} ({fmt_number(count, 0, lang)})"
        if px(pct) + 16 + text_width(label, lang, 28, True) < WIDTH - 20:
            c.text(px(pct) + 14, y, label, size=28, bold=True, align="left", ltr=True)
        else:
            c.text(px(pct) - 14, y, label, size=28, bold=True, align="right", fill=WHITE, ltr=True)
    c.text((x0 + x1) / 2, top + row_h * 7 + 84, c.t("peft.axis"), size=28, fill=MUTED, max_width=1000, max_lines=1)


# --------------------------------------------------------------------------------------------------
# 10 adapter-lifecycle
# --------------------------------------------------------------------------------------------------
def _adapter_lifecycle(c: Canvas) -> None:
    _header(c, "adapter-lifecycle")
    stages = (
        ("life.train", ORANGE),
        ("life.evaluate", GREEN),
        ("life.register", PURPLE),
        ("life.canary", YELLOW),
        ("life.serve", BLUE),
        ("life.retire", (150, 150, 150)),
    )
    cx, cy, rx, ry = 800, 492, 560, 302
    w, h = 340, 170
    angles = [-90 + 60 * k for k in range(6)]  # clockwise from the top (mirrored for Arabic)
    centres = [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a))) for a in angles]

    def inside(x, y, pad=16):
        return any(abs(x - bx) < w / 2 + pad and abs(y - by) < h / 2 + pad for bx, by in centres)

    for k in range(6):
        a0, a1 = angles[k], angles[k] + 60
        points = []
        for s in range(121):
            a = math.radians(a0 + (a1 - a0) * s / 120)
            x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
            if not inside(x, y):
                points.append((x, y))
        if len(points) >= 2:
            c.arrow([c.P(x, y) for x, y in points], INK, 5, head=18, dash=(14, 9) if k == 5 else None)
        if k == 5 and points:
            mx, my = points[len(points) // 2]
            c.text(
                c.X(mx - 24),
                my - 22,
                c.t("life.next"),
                size=28,
                bold=True,
                fill=MUTED,
                align="end",
                max_width=230,
                max_lines=2,
            )
    for k, ((key, colour), (x, y)) in enumerate(zip(stages, centres)):
        outline = shade(colour, 0.8) if colour == YELLOW else colour
        _node(
            c, x, y, w, h, colour if colour != YELLOW else shade(YELLOW, 0.85), c.t(key), c.t(key + ".d"), title_size=32
        )
        bx = c.X(x - w / 2 + 6)
        c.circle(bx, y - h / 2 + 6, 22, fill=outline, outline=WHITE, width=3)
        c.text(
            bx,
            y - h / 2 + 6,
            str(k + 1),
            size=28,
            bold=True,
            fill=WHITE if colour != YELLOW else INK,
            check_overlap=False,
        )
    c.circle(cx, cy, 118, fill=tint(PURPLE, 0.12), outline=PURPLE, width=3)
    c.text(cx, cy, c.t("life.center"), size=28, bold=True, max_width=196, max_lines=4)


_DRAWERS = {
    "lora-architecture": _lora_architecture,
    "deployment-pipeline": _deployment_pipeline,
    "evaluation-matrix": _evaluation_matrix,
    "qlora-memory": _qlora_memory,
    "vit-lora-targets": _vit_lora_targets,
    "serving-topology": _serving_topology,
    "rank-sweep": _rank_sweep,
    "adapter-routing": _adapter_routing,
    "peft-methods": _peft_methods,
    "adapter-lifecycle": _adapter_lifecycle,
}


def draw(key: str, lang: str = "en") -> Image.Image:
    """Draw one figure as a 1600×900 RGB image with its text in `lang`."""
    if key not in _DRAWERS:
        raise ValueError(f"unknown figure key {key!r}; expected one of {', '.join(FIGURE_KEYS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    canvas = Canvas(lang)
    _DRAWERS[key](canvas)
    return canvas.finish()


def save_png(key: str, lang: str, path) -> Path:
    """Draw a figure and save it as an optimised PNG; returns the path."""
    image = draw(key, lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path
