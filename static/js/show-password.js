/* Add a "Show password" checkbox to each form whose data-show-password
   attribute contains the checkbox's label. The checkbox shows every password of
   that form as plain text, so people can check what they typed without a
   memory test. The form works the same without JavaScript, only without
   the checkbox, and the passwords switch back to hidden when it is sent. */
(function () {
  "use strict";

  function addCheckbox(form) {
    if (form.dataset.showPasswordAdded) {
      return;
    }
    var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type="password"]'));
    if (!inputs.length) {
      return;
    }
    form.dataset.showPasswordAdded = "true";

    var last = inputs[inputs.length - 1];
    var checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    checkbox.id = last.id + "-show";
    var label = document.createElement("label");
    label.htmlFor = checkbox.id;
    label.textContent = form.dataset.showPassword;

    var row = document.createElement("div");
    row.className = "checkbox";
    row.appendChild(checkbox);
    row.appendChild(label);
    var field = document.createElement("div");
    field.className = "field field--checkbox";
    field.appendChild(row);
    (last.closest(".field") || last).after(field);

    checkbox.addEventListener("change", function () {
      inputs.forEach(function (input) {
        input.type = checkbox.checked ? "text" : "password";
      });
    });
    form.addEventListener("submit", function () {
      inputs.forEach(function (input) {
        input.type = "password";
      });
    });
  }

  document.querySelectorAll("form[data-show-password]").forEach(addCheckbox);
})();
