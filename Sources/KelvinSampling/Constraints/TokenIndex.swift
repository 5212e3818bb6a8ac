import KelvinCore

/// For every state of a ``ByteDFA``, the tokens of a ``TokenVocabulary`` that can be consumed
/// from it, as a ``TokenMask`` (the approach of outlines-core's index): a step of constrained
/// decoding is a lookup of the mask, and accepting a token walks its bytes through the DFA.
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

  /// Builds the index.
  ///
  /// - Complexity: O(Σ over states of the live trie nodes) time; O(distinct masks · V/64)
  ///   memory besides the DFA.
  public init(dfa: ByteDFA, vocabulary: TokenVocabulary) {
    self.dfa = dfa
    self.vocabulary = vocabulary
    let trie = ByteTrie(vocabulary)
    let empty = TokenMask(vocabularySize: vocabulary.count)
    var masks = [empty]
    var known: [TokenMask: Int32] = [empty: 0]
    var maskOfState: [Int32] = []
    maskOfState.reserveCapacity(dfa.stateCount)
    var stack: [(node: Int32, state: Int32)] = []
    for state in 0..<Int32(dfa.stateCount) {
      var mask = empty
      stack.append((0, state))
      while let (node, current) = stack.popLast() {
        var token = trie.firstToken[Int(node)]
        while token >= 0 {
          mask.insert(Int(token))
          token = trie.nextToken[Int(token)]
        }
        var child = trie.firstChild[Int(node)]
        while child >= 0 {
          let next = dfa.next(current, trie.label[Int(child)])
          if next >= 0 { stack.append((child, next)) }
          child = trie.nextSibling[Int(child)]
        }
      }
      if dfa.accepting[Int(state)], let end = vocabulary.endOfSequence { mask.insert(end) }
      if let id = known[mask] {
        maskOfState.append(id)
      } else {
        let id = Int32(masks.count)
        known[mask] = id
        masks.append(mask)
        maskOfState.append(id)
      }
    }
    self.masks = masks
    self.maskOfState = maskOfState
  }

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

/// A byte trie of a vocabulary's tokens (the end-of-sequence token and empty tokens left out),
/// as parallel arrays: first child, next sibling, edge label, and the tokens that end at each
/// node (linked through `nextToken`, so equal tokens share a node).
struct ByteTrie {
  var firstChild: [Int32] = [-1]
  var nextSibling: [Int32] = [-1]
  var label: [UInt8] = [0]
  var firstToken: [Int32] = [-1]
  var nextToken: [Int32]

  init(_ vocabulary: TokenVocabulary) {
    nextToken = [Int32](repeating: -1, count: vocabulary.count)
    var lastChild: [Int32] = [-1]
    let order = (0..<vocabulary.count).filter {
      !vocabulary.tokens[$0].isEmpty && $0 != vocabulary.endOfSequence
    }.sorted { vocabulary.tokens[$0].lexicographicallyPrecedes(vocabulary.tokens[$1]) }
    var path: [Int32] = [0]
    var previous: [UInt8] = []
    for token in order {
      let bytes = vocabulary.tokens[token]
      var shared = 0
      while shared < bytes.count, shared < previous.count, bytes[shared] == previous[shared] {
        shared += 1
      }
      path.removeLast(path.count - 1 - shared)
      for byte in bytes[shared...] {
        let parent = path[path.count - 1]
        let node = Int32(label.count)
        firstChild.append(-1)
        nextSibling.append(-1)
        label.append(byte)
        firstToken.append(-1)
        lastChild.append(-1)
        if lastChild[Int(parent)] < 0 {
          firstChild[Int(parent)] = node
        } else {
          nextSibling[Int(lastChild[Int(parent)])] = node
        }
        lastChild[Int(parent)] = node
        path.append(node)
      }
      let end = Int(path[path.count - 1])
      nextToken[token] = firstToken[end]
      firstToken[end] = Int32(token)
      previous = bytes
    }
  }

  /// The number of nodes, the root included.
  var count: Int { label.count }
}
