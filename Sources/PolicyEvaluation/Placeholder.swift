// PolicyEvaluation
