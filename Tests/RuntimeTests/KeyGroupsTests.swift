import Testing
@testable import Runtime

@Suite struct KeyGroupsTests {
    @Test func murmurHashIsNonNegativeAndDeterministic() {
        for x in [Int32.min, -1, 0, 1, 42, Int32.max] {
            #expect(KeyGroups.murmurHash(x) >= 0)
            #expect(KeyGroups.murmurHash(x) == KeyGroups.murmurHash(x))
        }
        #expect(KeyGroups.murmurHash(1) != KeyGroups.murmurHash(2))
    }

    @Test func keyGroupRangesMatchFlinkAssignment() {
        #expect(KeyGroups.range(maxParallelism: 128, parallelism: 1, subtask: 0) == 0...127)
        #expect(KeyGroups.range(maxParallelism: 128, parallelism: 2, subtask: 0) == 0...63)
        #expect(KeyGroups.range(maxParallelism: 128, parallelism: 2, subtask: 1) == 64...127)
        #expect(KeyGroups.range(maxParallelism: 128, parallelism: 3, subtask: 1) == 43...85)
        // Every key group maps to the subtask whose range contains it.
        for p in 1...5 {
            for kg in 0..<128 {
                let op = KeyGroups.operatorIndex(keyGroup: kg, maxParallelism: 128, parallelism: p)
                #expect(KeyGroups.range(maxParallelism: 128, parallelism: p, subtask: op).contains(kg))
            }
        }
    }

    @Test func stateKeyGroupAgreesWithRouting() {
        let row = Row([.string("market-007"), .int(3)])
        let sel = KeySelector([0])
        #expect(sel.keyGroup(row, maxParallelism: 128) == KeyGroups.keyGroup(ofKey: [Value.string("market-007")], maxParallelism: 128))
    }
}
