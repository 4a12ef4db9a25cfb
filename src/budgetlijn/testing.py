"""Helpers the test suites of several apps share: how a test searches the admin and signs in
the way a person would."""

from budgetlijn.admin_search import SEARCH_FLAG


def admin_search(client, url: str, term: str, **params):
    """Type ``term`` into the search box of the admin list at ``url`` (with the list's other
    ``params``) and follow to the list, as a browser would: the box posts, so a national
    register number never goes into the address."""
    response = client.post(url, {"q": term, SEARCH_FLAG: "1", **params})
    assert response.status_code == 302, response.status_code
    return client.get(response.url)
