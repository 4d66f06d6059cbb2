// Imports only ResultStore, so these names resolve unambiguously for the rest of the Harness.
import ResultStore

typealias StoreRarity = Rarity
typealias StoreStatus = RecommendationStatus
