# Interface text in English (the site's own language). Other languages'
# files (pl.ftl, ur.ftl) translate these messages; a message they lack is
# shown in English and `check` warns about it.
skip-link = Skip to main content
nav-main = Main
nav-find = Find your cluster
nav-updates = Updates
nav-search = Search
breadcrumb = Breadcrumb
footer-heading = Help with finding a cluster
footer-intro = To find out about clusters, and who leads the cluster near you, contact:
footer-school = Or ask your child's school.
footer-nav = Site information
footer-open-data = Open data
footer-feed = Updates feed (Atom)
languages-nav = Languages
languages-link = Read this website in your language
languages-title = Read this website in your language
languages-intro = Some pages of this website are in other languages. This list shows which pages each language has.
find-title = Find your local cluster
find-description = Find the early help cluster for your child's school, your children's centre or your area.
find-intro = Find your child's school or your children's centre below to see its cluster.
find-filter-label = Search for a school, children’s centre or area
find-cluster = Cluster:
find-shared = Shared by { $count } clusters:
find-letters = Names by first letter
find-choose-letter = Choose the first letter of the name of your child's school, your children's centre or your area.
find-not-listed = Not listed? Ask your child's school.
find-not-listed-call = Not listed? Ask your child's school, or call the { $name } on { $phone }.
find-all-clusters = You can also see <a href="{ $link }">all clusters from A to Z</a>.
find-cluster-for = { $cluster } cluster, for { $name }
kind-primary-school = Primary school
kind-secondary-school = Secondary school
kind-childrens-centre = Children's centre
kind-area = Area
contents = Contents
find-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
translation-unchecked = A qualified translator has not checked this translation yet.
translation-english = Read this page in English
translation-outdated = The English version of this page has changed since this translation was made.
language-name = English
contact-name = Name
contact-phone = Phone
contact-email = Email
checked-last = Last checked:
checked-stale = This is from { $date }. It may have changed.
checked-call = To check, call the { $name } on { $phone }.
month-01 = January
month-02 = February
month-03 = March
month-04 = April
month-05 = May
month-06 = June
month-07 = July
month-08 = August
month-09 = September
month-10 = October
month-11 = November
month-12 = December
# A full date: "1 December 2026".
date-01 = { $day } January { $year }
date-02 = { $day } February { $year }
date-03 = { $day } March { $year }
date-04 = { $day } April { $year }
date-05 = { $day } May { $year }
date-06 = { $day } June { $year }
date-07 = { $day } July { $year }
date-08 = { $day } August { $year }
date-09 = { $day } September { $year }
date-10 = { $day } October { $year }
date-11 = { $day } November { $year }
date-12 = { $day } December { $year }
home-find-link = Find your cluster by your child's school, your children's centre or your area
home-find-unsure = . If you are not sure, ask your child's school.
cluster-name = { $name } cluster
home-all-clusters = See all { $count } clusters
home-help-heading = How to get help
home-help-text = Your child's school, your family doctor (GP) or another service that knows your family can ask a cluster for help. You can also ask a cluster yourself, with its request for support form.
home-ask-cluster = Ask the { $name } cluster for help
referral-title = Ask for help
referral-description = How to ask the { $name } cluster for early help, what happens next, and the request for support form.
referral-download = Download the request for support form
referral-pdf-size = PDF, { $size }, fillable
referral-who = Who can ask
referral-next = What happens next
referral-send = Where to send the form
referral-privacy = Privacy notice
referral-form-intro = You can fill in the form on this page and print it, or <a href="{ $pdf }" download>download the form as a fillable PDF<span class="meta"> ({ $size })</span></a>. This page does not send anything: send the printed or saved form to the address above.
optional = (optional)
referral-updated = Form last updated:
# The referral form PDF's own words; { $label }, { $date }, { $page },
# { $pages } and { $name } must each stay in their message.
pdf-optional = { $label } (optional)
pdf-send-to = Send the completed form to:
pdf-generated-on = Form generated on { $date }
pdf-privacy-notice = Privacy notice
pdf-page-of = Page { $page } of { $pages }
pdf-cluster = { $name } cluster
# Updates and case studies.
cluster-name-inline = { $name } cluster
cluster-more = More about the { $name } cluster
update-caption = { $name } cluster: update
update-from = From
case-study-caption = { $name } cluster: case study
case-study-about = About this case study
case-study-origin = This story comes from the { $name } cluster. It does not name the family or give details that could show who they are.
case-study-consent = The family agreed to share it.
case-study-service = This story is about the cluster's <a href="{ $link }">{ $service }</a>.
# Lists, pagination and the page-not-found page.
updates-title = Updates
updates-cluster-title = Updates from the { $name } cluster
pagination-label = Pages
pagination-page-of = Page { $number } of { $total }
pagination-previous = Previous page
pagination-next = Next page
page-of = (page { $number } of { $total })
not-found-title = Page not found
not-found-typed = If you typed the web address, check it is correct.
not-found-pasted = If you pasted the web address, check you copied the entire address.
not-found-links = You can <a href="{ $clusters }">find your local cluster</a> or read <a href="{ $home }">about early help in Leeds</a>.
not-found-ask = Ask a cluster for help
# The site's name is site.toml's title; a language's file may translate it
# as `site-name = ...` (only with a translation the site already uses).
