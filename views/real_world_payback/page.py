"""Real-world payback: when the chosen devices pay back at the volume that really comes, paid for as you would pay,
with the costs that come with each session and tax, beside the reality check; and the economics of a whole menu."""

from views.real_world_payback.layout import render

render()
