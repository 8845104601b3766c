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
find-choose-letter = Wybierz pierwszą literę nazwy szkoły swojego dziecka, swojego centrum dziecięcego lub swojej okolicy.
find-not-listed = Nie ma na liście? Zapytaj w szkole swojego dziecka.
find-not-listed-call = Nie ma na liście? Zapytaj w szkole swojego dziecka lub zadzwoń do { $name } pod numer { $phone }.
find-all-clusters = Możesz też zobaczyć <a href="{ $link }" hreflang="en">wszystkie klastry od A do Z</a> (po angielsku).
find-cluster-for = Klaster { $cluster }, dla: { $name }
kind-primary-school = Szkoła podstawowa
kind-secondary-school = Szkoła średnia
kind-childrens-centre = Centrum dziecięce
kind-area = Okolica
contents = Spis treści
find-results = { $count ->
    [one] { $count } wynik
    [few] { $count } wyniki
    [many] { $count } wyników
   *[other] { $count } wyniku
}
translation-unchecked = Wykwalifikowany tłumacz nie sprawdził jeszcze tego tłumaczenia.
translation-english = Przeczytaj tę stronę po angielsku
translation-outdated = Angielska wersja tej strony zmieniła się od czasu przygotowania tego tłumaczenia.
language-name = Polski
contact-name = Imię i nazwisko
contact-phone = Telefon
contact-email = E-mail
checked-last = Ostatnio sprawdzono:
checked-stale = Data tych informacji: { $date }. Mogły się zmienić.
checked-call = Aby to sprawdzić, zadzwoń do { $name } pod numer { $phone }.
# Miesiąc z rokiem, bez dnia ("grudzień 2026"): mianownik.
month-01 = styczeń
month-02 = luty
month-03 = marzec
month-04 = kwiecień
month-05 = maj
month-06 = czerwiec
month-07 = lipiec
month-08 = sierpień
month-09 = wrzesień
month-10 = październik
month-11 = listopad
month-12 = grudzień
# Pełna data: dzień, miesiąc w dopełniaczu, rok ("1 grudnia 2026").
date-01 = { $day } stycznia { $year }
date-02 = { $day } lutego { $year }
date-03 = { $day } marca { $year }
date-04 = { $day } kwietnia { $year }
date-05 = { $day } maja { $year }
date-06 = { $day } czerwca { $year }
date-07 = { $day } lipca { $year }
date-08 = { $day } sierpnia { $year }
date-09 = { $day } września { $year }
date-10 = { $day } października { $year }
date-11 = { $day } listopada { $year }
date-12 = { $day } grudnia { $year }
home-find-link = Znajdź swój klaster według szkoły swojego dziecka, swojego centrum dziecięcego lub swojej okolicy
home-find-unsure = . Jeśli nie masz pewności, zapytaj w szkole swojego dziecka.
cluster-name = Klaster { $name }
home-all-clusters = Zobacz wszystkie klastry ({ $count })
home-help-heading = Jak uzyskać pomoc
home-help-text = Szkoła Twojego dziecka, Twój lekarz rodzinny (GP) lub inna instytucja, która zna Twoją rodzinę, może poprosić klaster o pomoc. Możesz też sam poprosić klaster o pomoc, wypełniając jego formularz wniosku o wsparcie.
home-ask-cluster = Poproś klaster { $name } o pomoc
referral-title = Poproś o pomoc
referral-description = Jak poprosić klaster { $name } o wczesną pomoc, co dzieje się dalej, oraz formularz wniosku o wsparcie.
referral-download = Pobierz formularz wniosku o wsparcie
referral-pdf-size = PDF, { $size }, do wypełnienia
referral-who = Kto może poprosić
referral-next = Co dzieje się dalej
referral-send = Gdzie wysłać formularz
referral-privacy = Informacja o ochronie prywatności
referral-form-intro = Możesz wypełnić formularz na tej stronie i go wydrukować albo <a href="{ $pdf }" download>pobrać formularz jako plik PDF do wypełnienia<span class="meta"> ({ $size })</span></a>. Ta strona niczego nie wysyła: wyślij wydrukowany lub zapisany formularz na adres podany wyżej.
optional = (opcjonalnie)
referral-updated = Ostatnia zmiana formularza:
pdf-optional = { $label } (opcjonalnie)
pdf-send-to = Wyślij wypełniony formularz do:
pdf-generated-on = Formularz utworzono { $date }
pdf-privacy-notice = Informacja o ochronie prywatności
pdf-page-of = Strona { $page } z { $pages }
pdf-cluster = Klaster { $name }
# Updates and case studies.
cluster-name-inline = klaster { $name }
cluster-more = Więcej o klastrze { $name } (po angielsku)
update-caption = Klaster { $name }: aktualność
update-from = Data:
case-study-caption = Klaster { $name }: studium przypadku
case-study-about = O tym studium przypadku
case-study-origin = Ta historia pochodzi z klastra { $name }. Nie podaje nazwiska rodziny ani szczegółów, które mogłyby pokazać, kim są.
case-study-consent = Rodzina zgodziła się na jej udostępnienie.
case-study-service = Ta historia dotyczy tej usługi klastra: <a href="{ $link }" hreflang="en" lang="en-GB">{ $service }</a> (po angielsku).
# Lists, pagination and the page-not-found page.
updates-title = Aktualności
updates-cluster-title = Aktualności z klastra { $name }
pagination-label = Strony
pagination-page-of = Strona { $number } z { $total }
pagination-previous = Poprzednia strona
pagination-next = Następna strona
page-of = (strona { $number } z { $total })
not-found-title = Nie znaleziono strony
not-found-typed = Jeśli adres strony został wpisany, sprawdź, czy jest poprawny.
not-found-pasted = Jeśli adres strony został wklejony, sprawdź, czy skopiowano cały adres.
not-found-links = Możesz <a href="{ $clusters }">znaleźć swój lokalny klaster</a> lub przeczytać <a href="{ $home }">o wczesnej pomocy w Leeds</a>.
not-found-ask = Poproś klaster o pomoc
