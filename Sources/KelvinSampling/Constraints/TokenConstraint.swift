/// A rule on which tokens may come next, given the tokens accepted so far: a grammar, a
/// regular expression, a fixed choice.
///
/// A constraint is a value: copying it forks it (beam search, speculative drafts), and
/// ``reset()`` returns it to its start. The ``SamplerChain`` item `constraint`
/// (``ConstraintProcessor``) removes every token outside ``allowedTokens``; where it stands in
/// the chain decides what renormalises over the allowed set (see docs/CONSTRAINTS.md).
public protocol TokenConstraint: Sendable {
  /// The constraint as people name it in messages (`regex "[0-9]+"`).
  var name: String { get }
  /// The vocabulary size the masks cover.
  var vocabularySize: Int { get }
  /// The tokens allowed next. The end-of-sequence token is in it only when ``isComplete``.
  var allowedTokens: TokenMask { get }
  /// Whether the tokens accepted so far form a complete output (an accepting state).
  var isComplete: Bool { get }
  /// Advances past a generated token. A token outside ``allowedTokens`` leaves the constraint
  /// in a state that allows nothing.
  mutating func accept(_ token: Int)
  /// Returns to the start.
  mutating func reset()
}
