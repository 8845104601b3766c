# اردو میں انٹرفیس کا متن۔ کسی مستند مترجم نے ابھی اس ترجمے کی جانچ نہیں کی (reviewed = false)۔
skip-link = مرکزی مواد پر جائیں
nav-main = مرکزی
nav-find = اپنا کلسٹر تلاش کریں
nav-updates = تازہ ترین معلومات
nav-search = تلاش
breadcrumb = راستہ
footer-heading = کلسٹر تلاش کرنے میں مدد
footer-intro = کلسٹرز کے بارے میں جاننے کے لیے، اور یہ جاننے کے لیے کہ آپ کے قریب کلسٹر کی قیادت کون کرتا ہے، رابطہ کریں:
footer-school = یا اپنے بچے کے اسکول سے پوچھیں۔
footer-nav = ویب سائٹ کی معلومات
footer-open-data = اوپن ڈیٹا
footer-feed = تازہ ترین معلومات کی فیڈ (Atom)
languages-nav = زبانیں
languages-link = یہ ویب سائٹ اپنی زبان میں پڑھیں
languages-title = یہ ویب سائٹ اپنی زبان میں پڑھیں
languages-intro = اس ویب سائٹ کے کچھ صفحات دوسری زبانوں میں ہیں۔ یہ فہرست بتاتی ہے کہ ہر زبان میں کون سے صفحات ہیں۔
find-title = اپنا مقامی کلسٹر تلاش کریں
find-description = اپنے بچے کے اسکول، اپنے چلڈرن سینٹر یا اپنے علاقے کا ابتدائی مدد کا کلسٹر تلاش کریں۔
find-intro = اس کا کلسٹر دیکھنے کے لیے نیچے اپنے بچے کا اسکول یا اپنا چلڈرن سینٹر تلاش کریں۔
find-filter-label = کسی اسکول، چلڈرن سینٹر یا علاقے کو تلاش کریں
find-cluster = کلسٹر:
find-shared = { $count } کلسٹرز میں مشترک:
find-letters = پہلے حرف کے لحاظ سے نام
find-not-listed = فہرست میں نہیں ہے؟ اپنے بچے کے اسکول سے پوچھیں، یا { $name } کو { $phone } پر فون کریں۔
find-all-clusters = آپ A سے Z تک تمام کلسٹرز بھی دیکھ سکتے ہیں۔
find-results = { $count ->
    [one] { $count } نتیجہ
   *[other] { $count } نتائج
}
translation-unchecked = کسی مستند مترجم نے ابھی اس ترجمے کی جانچ نہیں کی۔
translation-english = یہ صفحہ انگریزی میں پڑھیں
translation-outdated = یہ ترجمہ بننے کے بعد اس صفحے کا انگریزی ورژن بدل گیا ہے۔
translation-pdf-english = پرنٹ کرنے والا فارم انگریزی میں ہے۔
language-name = اردو
