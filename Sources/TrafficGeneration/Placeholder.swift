// TrafficGeneration
