import Sampling
import Simulation

extension ScenarioRunner {
    /// One replicate of a LLaMA `train:` case, regenerated from the seed with the same streams as
    /// `run` (for `simulate`): the two-phase result, to write as checkpoints, and what the
    /// scenario measures on it. Training uses the runner's threads (bit-identical for any count).
    public func llamaRun(caseIndex c: Int, replicate r: Int) throws -> (result: LlamaTwoPhase.Result, output: ExperimentOutput) {
        guard case .llama(var phases, let outputs) = scenario.caseExperiments[c] else {
            throw ScenarioError(file: scenario.file, message: "case \(scenario.cases[c].label) is not a LLaMA train experiment")
        }
        let seeds = SeedTree(root: scenario.seed).child("replicate").child(r).child("case").child(c)
        phases.threads = monteCarlo.threads
        let result = try phases.run(seeds: seeds)
        return (result, ExperimentRunner.llamaOutput(result, of: phases, outputs: outputs))
    }
}
