"""jzai — eligibility and award calculator for 焦作市促进人工智能产业发展若干措施（征求意见稿）."""

__version__ = "0.1.0"
