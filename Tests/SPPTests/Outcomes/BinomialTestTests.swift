import Testing

@testable import SPP

/// The exact binomial test against values R's `binom.test` gives.
@Suite struct BinomialTestTests {
    @Test func matchesR() {
        // binom.test(c(682, 243), p = 3/4): the example in R's documentation.
        #expect(abs(BinomialTest.pValue(successes: 682, trials: 925, probability: 0.75) - 0.3825) < 0.00005)
        // binom.test(7, 10): both tails of a symmetric distribution.
        #expect(abs(BinomialTest.pValue(successes: 7, trials: 10, probability: 0.5) - 0.34375) < 1e-12)
        #expect(abs(BinomialTest.pValue(successes: 0, trials: 10, probability: 0.5) - 0.001953125) < 1e-12)
        // binom.test(2, 4, 0.25): P(2) + P(3) + P(4) = 0.2109375 + 0.046875 + 0.00390625.
        #expect(abs(BinomialTest.pValue(successes: 2, trials: 4, probability: 0.25) - 0.26171875) < 1e-12)
        #expect(BinomialTest.pValue(successes: 5, trials: 10, probability: 0.5) == 1)
    }

    @Test func certainRatesOnlyAllowTheCertainCount() {
        #expect(BinomialTest.pValue(successes: 0, trials: 8, probability: 0) == 1)
        #expect(BinomialTest.pValue(successes: 1, trials: 8, probability: 0) == 0)
        #expect(BinomialTest.pValue(successes: 8, trials: 8, probability: 1) == 1)
        #expect(BinomialTest.pValue(successes: 7, trials: 8, probability: 1) == 0)
    }

    @Test func largeCohortsDoNotUnderflow() {
        let p = BinomialTest.pValue(successes: 5_000, trials: 10_000, probability: 0.4)
        #expect(p >= 0 && p < 1e-50)
        #expect(abs(BinomialTest.pValue(successes: 4_000, trials: 10_000, probability: 0.4) - 1) < 1e-9)
    }
}
