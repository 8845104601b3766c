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
find-not-listed = Not listed? Ask your child's school, or call the { $name } on { $phone }.
find-all-clusters = You can also see all clusters from A to Z.
find-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
translation-unchecked = A qualified translator has not checked this translation yet.
translation-english = Read this page in English
translation-outdated = The English version of this page has changed since this translation was made.
translation-pdf-english = The printable form is in English.
language-name = English
