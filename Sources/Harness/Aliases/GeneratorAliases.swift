// Imports only TrafficGeneration, so these names resolve unambiguously for the rest of the Harness.
import TrafficGeneration

typealias ScenarioAutomation = Automation
typealias PatternRarity = Rarity
