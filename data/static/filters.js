/* Progressive enhancement only: the filters work without this by pressing "Apply". With it,
 * ticking a box or choosing a sort or year submits the form at once. */
(function () {
  var form = document.getElementById('filters');
  if (!form || !form.addEventListener) return;
  form.addEventListener('change', function (e) {
    var t = e.target;
    if (t && (t.type === 'checkbox' || t.tagName === 'SELECT')) form.submit();
  });
  var buttons = form.querySelectorAll('.apply, .sort button');
  for (var i = 0; i < buttons.length; i++) buttons[i].className += ' js-hidden';
})();
