"""Formulas checked against published reference values; each test names its source."""
from __future__ import annotations

import numpy as np
import pytest

from survey_app.stats import (
    ahp_hierarchy,
    ahp_weights,
    cochran_sample_size,
    cronbach_alpha,
    entropy_weights,
    feldt_interval,
    icc_two_way_random,
    kendalls_w,
    mann_whitney,
    welch,
    wilson_interval,
)

# ----------------------------------------------------------------------------------- AHP

DRINKS = ("coffee", "wine", "tea", "beer", "soda", "milk", "water")
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def test_ahp_saaty_2008_drinks():
    """Saaty, T. L. (2008) 'Decision making with the analytic hierarchy process', Int. J.
    Services Sciences 1(1):83–98, drink-consumption example: derived priorities
    .177 .019 .042 .116 .190 .129 .327 and CR = .022 (Saaty RI)."""
    r = ahp_weights(DRINKS_MATRIX, DRINKS)
    expected = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    np.testing.assert_allclose(r.weights, expected, atol=6e-4)
    assert r.cr == pytest.approx(0.022, abs=5e-4)
    assert r.ri == 1.32
    assert r.consistent


def _pairwise(labels, upper):
    """Reciprocal matrix from {(a, b): a_ab} comparisons."""
    ix = {x: i for i, x in enumerate(labels)}
    a = np.ones((len(labels), len(labels)))
    for (x, y), v in upper.items():
        a[ix[x], ix[y]], a[ix[y], ix[x]] = v, 1 / v
    return a


def test_ahp_two_level_hierarchy_saaty_2005_cities():
    """Saaty, T. L. (2005) Theory and Applications of the Analytic Network Process, choosing a
    city to live in: five criteria, four alternatives under each (a two-level hierarchy).
    Synthesised priorities Bethesda .229, Boston .275, Pittsburgh .385, Santa Fe .111 (as also
    reproduced by the AHPy package's test-suite)."""
    crit = ("Culture", "Family", "Housing", "Jobs", "Transportation")
    alts = ("Bethesda", "Boston", "Pittsburgh", "Santa Fe")
    m = {"Goal": (crit, _pairwise(crit, {
        ("Culture", "Housing"): 3, ("Culture", "Transportation"): 5, ("Family", "Culture"): 5,
        ("Family", "Housing"): 7, ("Family", "Transportation"): 7,
        ("Housing", "Transportation"): 3, ("Jobs", "Culture"): 2, ("Jobs", "Housing"): 4,
        ("Jobs", "Transportation"): 7, ("Family", "Jobs"): 1}))}
    subs = {
        "Culture": {("Bethesda", "Pittsburgh"): 1, ("Boston", "Bethesda"): 2,
                    ("Boston", "Pittsburgh"): 2.5, ("Boston", "Santa Fe"): 1,
                    ("Santa Fe", "Bethesda"): 2, ("Santa Fe", "Pittsburgh"): 2.5},
        "Family": {("Bethesda", "Boston"): 2, ("Bethesda", "Santa Fe"): 4,
                   ("Boston", "Santa Fe"): 2, ("Pittsburgh", "Bethesda"): 3,
                   ("Pittsburgh", "Boston"): 8, ("Pittsburgh", "Santa Fe"): 9},
        "Housing": {("Bethesda", "Boston"): 5, ("Bethesda", "Santa Fe"): 2.5,
                    ("Pittsburgh", "Bethesda"): 2, ("Pittsburgh", "Boston"): 9,
                    ("Pittsburgh", "Santa Fe"): 7, ("Santa Fe", "Boston"): 4},
        "Jobs": {("Bethesda", "Pittsburgh"): 3, ("Bethesda", "Santa Fe"): 4,
                 ("Boston", "Bethesda"): 2, ("Boston", "Pittsburgh"): 6,
                 ("Boston", "Santa Fe"): 8, ("Pittsburgh", "Santa Fe"): 1},
        "Transportation": {("Bethesda", "Boston"): 1.5, ("Bethesda", "Santa Fe"): 4,
                           ("Boston", "Santa Fe"): 2.5, ("Pittsburgh", "Bethesda"): 2,
                           ("Pittsburgh", "Boston"): 3.5, ("Pittsburgh", "Santa Fe"): 9},
    }
    for k, v in subs.items():
        m[k] = (alts, _pairwise(alts, v))
    glob, local = ahp_hierarchy(m, "Goal")
    assert glob == pytest.approx({"Bethesda": 0.229, "Boston": 0.275, "Pittsburgh": 0.385,
                                  "Santa Fe": 0.111}, abs=6e-4)
    assert sum(glob.values()) == pytest.approx(1.0)
    assert all(r.cr < 0.1 for r in local.values())


def test_ahp_criteria_subcriteria_multiply_down():
    """Hand-computed: consistent matrices give exact priorities; globals are their products.
    Root [[1, 3], [1/3, 1]] → (0.75, 0.25); A's children [[1, 2], [1/2, 1]] → (2/3, 1/3)."""
    m = {"root": (("A", "B"), [[1, 3], [1 / 3, 1]]),
         "A": (("a1", "a2"), [[1, 2], [0.5, 1]])}
    glob, _ = ahp_hierarchy(m, "root")
    assert glob == pytest.approx({"a1": 0.5, "a2": 0.25, "B": 0.25})


# ------------------------------------------------------------------------------- entropy


def test_entropy_xu_2004():
    """Xu, X. (2004) 'A note on the subjective and objective integrated approach to determine
    attribute weights', EJOR 156(2):530–532: entropy weights .4630 .3992 .1378 .0000 (as also
    reproduced by the pyrepo-mcda test-suite)."""
    x = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]
    np.testing.assert_allclose(entropy_weights(x).weights, [0.4630, 0.3992, 0.1378, 0.0],
                               atol=5e-5)


def test_entropy_elsayed_2017():
    """Elsayed, Dawood & Karthikeyan (2017) 'Evaluating alternatives through the application of
    TOPSIS method with entropy weight', IJETT 46(2):60–66: weights .104991 .069124 .071373
    .449937 .304575 (as also reproduced by the pymcdm test-suite)."""
    x = [[7, 312, 1891, 6613, 163], [72, 88, 728, 941804, 1078],
         [10, 252, 2594, 3466, 117471], [10, 145, 980, 2371, 86329],
         [65, 54, 350, 501, 29897], [29, 48, 380, 912, 34051], [7, 476, 3300, 78470, 2212],
         [70, 87, 650, 733, 819000], [4, 86, 591, 3015, 103], [12, 79, 579, 3240, 96098],
         [21, 45, 261, 1253, 453], [1, 72, 530, 4333, 0.1048]]
    np.testing.assert_allclose(entropy_weights(x).weights,
                               [0.104991, 0.069124, 0.071373, 0.449937, 0.304575], atol=5e-7)


# ------------------------------------------------------------------- ICC, α, Kendall's W

SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9],
                 [6, 2, 4, 7]]


def test_icc_shrout_fleiss_1979_table_2():
    """Shrout & Fleiss (1979) Psychological Bulletin 86(2):420–428, Table 2 data (6 targets ×
    4 judges), Table 4: ICC(2,1) = .29, ICC(2,4) = .62."""
    i1, ik = icc_two_way_random(SHROUT_FLEISS)
    assert round(i1, 2) == 0.29
    assert round(ik, 2) == 0.62


def test_cronbach_alpha_equals_icc3k_on_shrout_fleiss_data():
    """Cronbach's α with judges as items equals the consistency ICC(3,k); Shrout & Fleiss
    (1979) Table 4 gives ICC(3,4) = .91 for the Table 2 data."""
    r = cronbach_alpha(SHROUT_FLEISS)
    assert round(r.alpha, 2) == 0.91
    assert (r.n, r.k) == (6, 4)
    lo, hi = r.ci
    assert lo < r.alpha < hi


def test_feldt_interval_published_example():
    """Feldt, Woodruff & Salih (1987) formulas 6–7; worked example in C. Evans' R function
    feldt1.return(0.913, n = 873, k = 20) printed on the MRC CBU statistics wiki:
    0.9044024 to 0.9211588."""
    lo, hi = feldt_interval(0.913, 873, 20)
    assert lo == pytest.approx(0.9044024, abs=1e-7)
    assert hi == pytest.approx(0.9211588, abs=1e-7)


def test_kendalls_w_with_ties_siegel():
    """Siegel (1956) Nonparametric Statistics, pp. 234–238 (also Siegel & Castellan 1988 and
    the NAG g08da example): 3 rankings of 10 objects with ties, W = 0.8277 corrected for
    ties, p ≈ 0.0078; uncorrected W = 0.796."""
    x = np.array([[1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
                  [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
                  [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0]]).T
    w, chi2, p = kendalls_w(x)
    assert w == pytest.approx(0.8277, abs=5e-5)
    assert p == pytest.approx(0.0078, abs=5e-5)
    assert chi2 == pytest.approx(3 * 9 * w)


def test_kendalls_w_perfect_agreement():
    """Hand-computed: identical rankings give W = 1."""
    x = np.tile(np.arange(1, 6, dtype=float)[:, None], (1, 3))
    assert kendalls_w(x)[0] == pytest.approx(1.0)


# ------------------------------------------------------------------ Wilson, t, MWU, Cochran


@pytest.mark.parametrize("x,n,lo,hi", [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718)])
def test_wilson_newcombe_1998(x, n, lo, hi):
    """Newcombe (1998) Statistics in Medicine 17:857–872, Table I, method 3 (Wilson score)."""
    a, b = wilson_interval(x, n)
    assert a == pytest.approx(lo, abs=5e-5)
    assert b == pytest.approx(hi, abs=5e-5)


SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_welch_student_1908_sleep_data():
    """Student (1908) / Cushny & Peebles sleep data as in R's `sleep`; R documentation output
    of t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939."""
    t, df, p = welch(SLEEP_1, SLEEP_2)
    assert t == pytest.approx(-1.8608, abs=5e-5)
    assert df == pytest.approx(17.776, abs=5e-4)
    assert p == pytest.approx(0.07939, abs=5e-6)


def test_mann_whitney_sleep_data():
    """R's wilcox.test(extra ~ group, data = sleep) (normal approximation with ties and
    continuity correction): W = 25.5, p-value = 0.06933."""
    u, p = mann_whitney(SLEEP_1, SLEEP_2)
    assert u == 25.5
    assert p == pytest.approx(0.06933, abs=5e-6)


def test_cochran_with_fpc():
    """METHOD.md M9 / Cochran (1977) Sampling Techniques: n0 = 1.96²·0.25/0.05² = 384.16;
    N = 1000 → 278 (rounded up)."""
    n0, n = cochran_sample_size(1000)
    assert n0 == pytest.approx(384.16)
    assert n == 278
    assert cochran_sample_size(None)[1] == 385
