import KelvinCore
import Testing

/// Expected values come from tools/reference/random_reference.py, an independent Python
/// transcription of Vigna's public-domain C reference code for both generators.
@Suite("seedable random numbers")
struct RandomTests {
  @Test("SplitMix64 reproduces the reference sequence")
  func splitMixSequence() {
    var zero = SplitMix64(seed: 0)
    // 0xe220a8397b1dcdaf is also the widely quoted first output for seed 0.
    #expect(
      (0..<3).map { _ in zero.next() } == [
        0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f,
      ])
    var fortyTwo = SplitMix64(seed: 42)
    #expect((0..<2).map { _ in fortyTwo.next() } == [0xbdd7_3226_2feb_6e95, 0x28ef_e333_b266_f103])
  }

  @Test("xoshiro256** reproduces the reference sequence from a raw state")
  func xoshiroFromState() {
    var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      0x2d00, 0, 0x5a00_7080, 0x10e0_0000_0000_9d80, 0x10e0_b61c_e100_9d80, 0x0870_021c_e143_ad00,
    ]
    #expect((0..<6).map { _ in generator.next() } == expected)
  }

  @Test("xoshiro256** seeded through SplitMix64 reproduces the reference sequence")
  func xoshiroFromSeed() {
    var zero = Xoshiro256StarStar(seed: 0)
    #expect(
      (0..<3).map { _ in zero.next() } == [
        0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0,
      ])
    var fortyTwo = Xoshiro256StarStar(seed: 42)
    #expect((0..<2).map { _ in fortyTwo.next() } == [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e])
  }

  @Test("unit-interval doubles are the top 53 bits times 2⁻⁵³")
  func unitInterval() {
    var generator = Xoshiro256StarStar(seed: 42)
    let values = (0..<3).map { _ in generator.nextUnitInterval() }
    #expect(values == [0.08386297105988216, 0.3789802506626686, 0.6800434110281394])
    var extremes = ConstantGenerator(value: .max)
    #expect(extremes.nextUnitInterval() == 1 - 0x1p-53)
    var zero = ConstantGenerator(value: 0)
    #expect(zero.nextUnitInterval() == 0)
  }
}

/// A generator that always returns the same bits.
struct ConstantGenerator: RandomNumberGenerator {
  let value: UInt64
  mutating func next() -> UInt64 { value }
}
