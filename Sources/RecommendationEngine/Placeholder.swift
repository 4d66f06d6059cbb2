// RecommendationEngine
