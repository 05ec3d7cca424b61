//! Provenance of a re-rendered back issue: where its articles land compared
//! with the printed original (the archive promises page numbers stay).

use crate::inspect::HeadingPlace;
use crate::model::Issue;

/// An article whose page in the re-render differs from the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChange {
    pub headline: String,
    pub original_page: u32,
    pub new_page: usize,
}

/// The articles that carry an original page (set by `yuebao import`) and
/// start on another page in the re-render. `headings` are the rendered
/// document's headings in order ([`crate::inspect::headings`]); its level-2
/// headings are the articles, in the issue's order. Empty when the issue
/// records no original pages.
pub fn page_changes(issue: &Issue, headings: &[HeadingPlace]) -> Vec<PageChange> {
    let pages = headings.iter().filter(|h| h.level == 2).map(|h| h.page);
    issue
        .articles()
        .zip(pages)
        .filter_map(|((_, article), new_page)| {
            let original_page = article.original_page?;
            (original_page as usize != new_page).then(|| PageChange {
                headline: article.headline.clone(),
                original_page,
                new_page,
            })
        })
        .collect()
}

/// How many articles carry an original page.
pub fn with_original_page(issue: &Issue) -> usize {
    issue
        .articles()
        .filter(|(_, a)| a.original_page.is_some())
        .count()
}
