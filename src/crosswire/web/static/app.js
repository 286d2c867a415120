// crosswire: the only script. Pairs the two sides of a difference on hover.
"use strict";
document.addEventListener("mouseover", (event) => {
  const target = event.target instanceof Element ? event.target.closest("[data-pair]") : null;
  document.querySelectorAll(".diff.active").forEach((el) => el.classList.remove("active"));
  if (!target) return;
  const pair = target.getAttribute("data-pair");
  document.querySelectorAll(".diff[data-pair]").forEach((el) => {
    if (el.getAttribute("data-pair") === pair) el.classList.add("active");
  });
});
