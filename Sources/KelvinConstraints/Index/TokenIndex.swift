import KelvinCore
import KelvinSampling

/// For every state of a ``ByteDFA``, the tokens of a ``TokenVocabulary`` that can be consumed
/// from it and still lead to a full match, as a ``TokenMask`` (the approach of outlines-core's
/// index): a step of constrained decoding is a lookup of the mask, and accepting a token walks
/// its bytes through the DFA.
///
/// Built once per pattern and vocabulary by walking a byte trie of the vocabulary from each
/// DFA state, pruning at dead states, so the cost is the number of (state, trie node) pairs
/// that stay live, not states × V × token length. Equal masks are stored once.
public struct TokenIndex: Sendable {
  /// The automaton.
  public let dfa: ByteDFA
  /// The vocabulary.
  public let vocabulary: TokenVocabulary
  /// The distinct masks; mask 0 is empty (the dead state's).
  public let masks: [TokenMask]
  /// Each DFA state's mask, as an index into ``masks``.
  public let maskOfState: [Int32]
  /// Whether tokens can carry each state to a full match; a live state's mask holds only
  /// tokens into live states, a state that is not live allows nothing.
  public let live: [Bool]

  /// Builds the index.
  ///
  /// One walk per state finds its tokens and the states they lead to, from which the states
  /// that tokens can carry to a match are found; a state with a token into one that cannot is
  /// walked again, keeping only the tokens into live states.
  ///
  /// - Complexity: O(Σ over states of the live trie nodes) time; O(distinct masks · V/64)
  ///   memory besides the DFA.
  public init(dfa: ByteDFA, vocabulary: TokenVocabulary) {
    self.dfa = dfa
    self.vocabulary = vocabulary
    let trie = ByteTrie(vocabulary)
    let empty = TokenMask(vocabularySize: vocabulary.count)
    let end = vocabulary.endOfSequence
    var masks = [empty]
    var known: [TokenMask: Int32] = [empty: 0]
    func intern(_ mask: TokenMask) -> Int32 {
      if let id = known[mask] { return id }
      let id = Int32(masks.count)
      known[mask] = id
      masks.append(mask)
      return id
    }
    // One walk per state: its tokens (as a mask) and the states they lead to.
    var maskOfState: [Int32] = []
    maskOfState.reserveCapacity(dfa.stateCount)
    var targets: [[Int32]] = []
    targets.reserveCapacity(dfa.stateCount)
    // `seen[next] == state` marks a target already listed for this state (no hashing).
    var seen = [Int32](repeating: -1, count: dfa.stateCount)
    for state in 0..<Int32(dfa.stateCount) {
      var mask = empty
      var reached: [Int32] = []
      trie.walk(from: state, dfa) { token, next in
        mask.insert(Int(token))
        if seen[Int(next)] != state {
          seen[Int(next)] = state
          reached.append(next)
        }
      }
      if dfa.accepting[Int(state)], let end { mask.insert(end) }
      maskOfState.append(intern(mask))
      targets.append(reached)
    }
    // A state is live when tokens can carry it to an accepting state (the bytes alone may
    // need a character no token spells): only tokens into live states are allowed, so a
    // state with a token into a state that is not live is walked again, keeping the others.
    var live = dfa.accepting
    var changed = true
    while changed {
      changed = false
      for state in 0..<dfa.stateCount where !live[state] {
        if targets[state].contains(where: { live[Int($0)] }) {
          live[state] = true
          changed = true
        }
      }
    }
    for state in 0..<Int32(dfa.stateCount) {
      guard live[Int(state)] else {
        maskOfState[Int(state)] = 0
        continue
      }
      guard targets[Int(state)].contains(where: { !live[Int($0)] }) else { continue }
      var mask = empty
      trie.walk(from: state, dfa) { token, next in
        if live[Int(next)] { mask.insert(Int(token)) }
      }
      if dfa.accepting[Int(state)], let end { mask.insert(end) }
      maskOfState[Int(state)] = intern(mask)
    }
    // Masks of the first walk that a second walk replaced are dropped; ids stay in order of
    // first use, so the index is the same on every run.
    var used = [Int32](repeating: -1, count: masks.count)
    var kept: [TokenMask] = []
    used[0] = 0
    kept.append(empty)
    for state in maskOfState.indices {
      let old = Int(maskOfState[state])
      if used[old] < 0 {
        used[old] = Int32(kept.count)
        kept.append(masks[old])
      }
      maskOfState[state] = used[old]
    }
    self.live = live
    self.masks = kept
    self.maskOfState = maskOfState
  }

  /// Whether `state` can still reach a full match through tokens.
  public func isLive(_ state: Int32) -> Bool { state >= 0 && live[Int(state)] }

  /// The tokens allowed from `state` (none from ``ByteDFA/dead``).
  @inline(__always)
  public func mask(of state: Int32) -> TokenMask {
    state < 0 ? masks[0] : masks[Int(maskOfState[Int(state)])]
  }

  /// The bytes the index holds: masks and the DFA's transition table.
  public var memoryBytes: Int {
    masks.count * (masks.first?.words.count ?? 0) * 8 + dfa.transitions.count * 4
      + maskOfState.count * 4
  }
}
