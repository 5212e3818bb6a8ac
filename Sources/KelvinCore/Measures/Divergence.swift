// Cross-entropy and the divergences between two probability vectors, in nats.

/// Returns the cross-entropy `H(p, q) = -Σ p_i log q_i`, in nats.
///
/// Equals `H(p) + KL(p ‖ q)`. Terms with `p_i = 0` contribute nothing; a token with
/// `p_i > 0` and `q_i = 0` makes the result `+inf` (q calls certain-impossible what p allows).
///
/// - Parameters:
///   - p: The reference distribution (for a classifier, the one-hot label).
///   - q: The model distribution.
/// - Throws: ``KelvinError`` when either is not a probability vector or their lengths differ.
/// - Complexity: O(n).
@inlinable
public func crossEntropy<T: BinaryFloatingPoint>(_ p: [T], _ q: [T]) throws -> Double {
  try ProbabilityVector.validatePair(p, q)
  var sum = 0.0
  for index in p.indices where p[index] > 0 {
    sum -= Double(p[index]) * Elementary.log(Double(q[index]))
  }
  return max(0, sum)
}

/// Returns the Kullback–Leibler divergence `KL(p ‖ q) = Σ p_i log(p_i / q_i)`, in nats.
///
/// Computed as the sum of the pointwise terms `p log(p/q) − p + q` (as SciPy's
/// `scipy.special.kl_div`), which equal KL for normalised vectors and are each ≥ 0, so the
/// result is never negative through rounding: `KL(p ‖ p)` is exactly 0. A token with `p_i > 0`
/// and `q_i = 0` makes the result `+inf`.
///
/// - Parameters:
///   - p: The distribution the expectation is taken under.
///   - q: The approximating distribution.
/// - Throws: ``KelvinError`` when either is not a probability vector or their lengths differ.
/// - Complexity: O(n).
@inlinable
public func klDivergence<T: BinaryFloatingPoint>(_ p: [T], _ q: [T]) throws -> Double {
  try ProbabilityVector.validatePair(p, q)
  var sum = 0.0
  for index in p.indices {
    sum += divergenceTerm(Double(p[index]), Double(q[index]))
  }
  return sum
}

/// Returns the Jensen–Shannon divergence `½ KL(p ‖ m) + ½ KL(q ‖ m)` with `m = (p + q) / 2`,
/// in nats.
///
/// Symmetric, finite even where one distribution has zeros the other does not, and bounded
/// by `ln 2` (reached by distributions with disjoint supports).
///
/// - Parameters:
///   - p: A probability vector.
///   - q: A probability vector of the same length.
/// - Throws: ``KelvinError`` when either is not a probability vector or their lengths differ.
/// - Complexity: O(n).
@inlinable
public func jensenShannonDivergence<T: BinaryFloatingPoint>(_ p: [T], _ q: [T]) throws -> Double {
  try ProbabilityVector.validatePair(p, q)
  var sum = 0.0
  for index in p.indices {
    let x = Double(p[index])
    let y = Double(q[index])
    let mean = 0.5 * (x + y)
    sum += divergenceTerm(x, mean) + divergenceTerm(y, mean)
  }
  return 0.5 * sum
}

/// The pointwise term `x log(x/y) − x + y ≥ 0` of the generalised KL divergence.
///
/// Written with `log1p` so that it stays accurate (and non-negative) when `x ≈ y`.
@inlinable
func divergenceTerm(_ x: Double, _ y: Double) -> Double {
  if x == 0 { return y }
  if y == 0 { return .infinity }
  let difference = x - y
  let term = x * Elementary.log1p(difference / y) - difference
  return max(0, term)
}
