// Imports only RecommendationEngine, so these names resolve unambiguously for the rest of the Harness.
import RecommendationEngine

typealias EngineAutomation = Automation
typealias EngineStatus = RecommendationStatus
