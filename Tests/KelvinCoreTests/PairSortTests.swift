import KelvinCore
import Testing

@Suite("PairSort")
struct PairSortTests {
  @Test(
    "sorting in place equals the standard library's sort of the zipped pairs",
    arguments: [0, 1, 2, 5, 24, 25, 40, 1000])
  func matchesStandardSort(count: Int) {
    var generator = Xoshiro256StarStar(seed: UInt64(count))
    for _ in 0..<5 {
      var ids = (0..<count).map { _ in Int32(generator.next() % 1000) }
      var values = (0..<count).map { _ in Float(Int(generator.next() % 16)) / 4 }
      values[0..<min(count, 3)] = [-.infinity, -.infinity, -.infinity][0..<min(count, 3)]
      let expected = zip(ids, values).sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
      ids.withUnsafeMutableBufferPointer { i in
        values.withUnsafeMutableBufferPointer { v in
          PairSort.sortByValueDescending(ids: i, values: v, count: count)
        }
      }
      // Equal (id, value) pairs are interchangeable, so comparing the sequences is exact.
      #expect(ids == expected.map(\.0))
      #expect(values == expected.map(\.1))
      ids.withUnsafeMutableBufferPointer { i in
        values.withUnsafeMutableBufferPointer { v in
          PairSort.sort(ids: i, values: v, count: count) { a, _, b, _ in a < b }
        }
      }
      #expect(ids == ids.sorted())
    }
  }
}
