/// In-place sorting of parallel id and value buffers, without allocating.
///
/// The samplers sort small survivor sets (tens to a few thousand candidates) on every token;
/// the standard library's sort would need the pairs zipped into a fresh array first. This
/// sorts the two buffers together: insertion sort up to 24 elements, heapsort above (O(n log n)
/// worst case, no extra memory). Not stable, which does not matter for the strict total orders
/// the samplers use (ties are broken by id).
package enum PairSort {
  /// Sorts `ids` and `values` together so that `areInIncreasingOrder` holds between
  /// neighbours.
  ///
  /// - Parameters:
  ///   - ids: Token ids; the first `count` are sorted.
  ///   - values: Their values, parallel to `ids`.
  ///   - count: How many leading elements to sort (at most either buffer's count).
  ///   - areInIncreasingOrder: A strict weak order on (id, value) pairs.
  /// - Complexity: O(n log n) time, O(1) memory.
  @inlinable
  package static func sort(
    ids: UnsafeMutableBufferPointer<Int32>, values: UnsafeMutableBufferPointer<Float>,
    count: Int, by areInIncreasingOrder: (Int32, Float, Int32, Float) -> Bool
  ) {
    precondition(count <= ids.count && count <= values.count)
    @inline(__always) func less(_ a: Int, _ b: Int) -> Bool {
      areInIncreasingOrder(ids[a], values[a], ids[b], values[b])
    }
    @inline(__always) func swapAt(_ a: Int, _ b: Int) {
      ids.swapAt(a, b)
      values.swapAt(a, b)
    }
    if count <= 24 {
      guard count > 1 else { return }
      for end in 1..<count {
        var position = end
        while position > 0 && less(position, position - 1) {
          swapAt(position, position - 1)
          position -= 1
        }
      }
      return
    }
    // Heapsort: a max-heap under the order, then repeatedly move the root to the end.
    func siftDown(_ start: Int, _ end: Int) {
      var root = start
      while true {
        var child = 2 * root + 1
        if child >= end { return }
        if child + 1 < end && less(child, child + 1) { child += 1 }
        if !less(root, child) { return }
        swapAt(root, child)
        root = child
      }
    }
    var start = count / 2
    while start > 0 {
      start -= 1
      siftDown(start, count)
    }
    var end = count
    while end > 1 {
      end -= 1
      swapAt(0, end)
      siftDown(0, end)
    }
  }

  /// Sorts by value descending, ties by ascending id (the samplers' logit order).
  ///
  /// - Complexity: O(n log n) time, O(1) memory.
  @inlinable
  package static func sortByValueDescending(
    ids: UnsafeMutableBufferPointer<Int32>, values: UnsafeMutableBufferPointer<Float>, count: Int
  ) {
    sort(ids: ids, values: values, count: count) { idA, a, idB, b in
      a > b || (a == b && idA < idB)
    }
  }
}
