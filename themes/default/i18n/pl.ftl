# Tekst interfejsu po polsku. Tłumaczenie nie zostało jeszcze sprawdzone
# przez wykwalifikowanego tłumacza (reviewed = false).
skip-link = Przejdź do treści głównej
nav-main = Menu główne
nav-find = Znajdź swój klaster
nav-updates = Aktualności
nav-search = Szukaj
breadcrumb = Ścieżka nawigacji
footer-heading = Pomoc w znalezieniu klastra
footer-intro = Aby dowiedzieć się więcej o klastrach i o tym, kto prowadzi klaster w Twojej okolicy, skontaktuj się z:
footer-school = Możesz też zapytać w szkole swojego dziecka.
footer-nav = Informacje o stronie
footer-open-data = Otwarte dane
footer-feed = Kanał aktualności (Atom)
languages-nav = Języki
languages-link = Przeczytaj tę stronę w swoim języku
languages-title = Przeczytaj tę stronę w swoim języku
languages-intro = Niektóre strony tego serwisu są dostępne w innych językach. Ta lista pokazuje, które strony są w każdym języku.
find-title = Znajdź swój lokalny klaster
find-description = Znajdź klaster wczesnej pomocy dla szkoły swojego dziecka, swojego centrum dziecięcego lub swojej okolicy.
find-intro = Znajdź poniżej szkołę swojego dziecka lub swoje centrum dziecięce, aby zobaczyć jego klaster.
find-filter-label = Szukaj szkoły, centrum dziecięcego lub okolicy
find-cluster = Klaster:
find-shared = Wspólna dla { $count } klastrów:
find-letters = Nazwy według pierwszej litery
find-not-listed = Nie ma na liście? Zapytaj w szkole swojego dziecka lub zadzwoń do { $name } pod numer { $phone }.
find-all-clusters = Możesz też zobaczyć wszystkie klastry od A do Z.
find-results = { $count ->
    [one] { $count } wynik
    [few] { $count } wyniki
    [many] { $count } wyników
   *[other] { $count } wyniku
}
translation-unchecked = Wykwalifikowany tłumacz nie sprawdził jeszcze tego tłumaczenia.
translation-english = Przeczytaj tę stronę po angielsku
translation-outdated = Angielska wersja tej strony zmieniła się od czasu przygotowania tego tłumaczenia.
translation-pdf-english = Formularz do wydruku jest w języku angielskim.
language-name = Polski
