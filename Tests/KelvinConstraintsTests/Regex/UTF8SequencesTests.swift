import KelvinSampling
import Testing

@testable import KelvinConstraints

/// The byte-range sequences of a scalar range spell exactly the UTF-8 encodings of its
/// scalars: checked over every scalar value for ranges that cross each encoding boundary and
/// the surrogates.
@Suite("UTF-8 sequences")
struct UTF8SequencesTests {
  static func spells(_ sequences: [[ClosedRange<UInt8>]], _ bytes: [UInt8]) -> Bool {
    sequences.contains { sequence in
      sequence.count == bytes.count && zip(sequence, bytes).allSatisfy { $0.contains($1) }
    }
  }

  @Test(
    "each scalar is spelled iff it lies in the range",
    arguments: [
      0x00...0x7F, 0x41...0x5A, 0x70...0x90, 0x7FF...0x800, 0x3B1...0x3C9, 0xD000...0xE100,
      0xFFF0...0x10010, 0x0...0x10FFFF, 0x10FFFF...0x10FFFF,
    ] as [ClosedRange<UInt32>])
  func exact(range: ClosedRange<UInt32>) {
    let sequences = UTF8Sequences.of(range)
    // Probe every scalar within 300 of each end and a stride through the rest.
    var probes = Set<UInt32>()
    for end in [range.lowerBound, range.upperBound] {
      for delta in -300...300 {
        let value = Int64(end) + Int64(delta)
        if value >= 0, value <= 0x10FFFF { probes.insert(UInt32(value)) }
      }
    }
    for value in stride(from: UInt32(0), through: 0x10FFFF, by: 977) { probes.insert(value) }
    for value in probes {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let bytes = Array(String(scalar).utf8)
      #expect(
        Self.spells(sequences, bytes) == range.contains(value), "U+\(String(value, radix: 16))")
    }
    // No sequence spells a surrogate's (invalid) three-byte form.
    #expect(!Self.spells(sequences, [0xED, 0xA0, 0x80]))
  }
}
