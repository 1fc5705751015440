"""Docstring entries shared by the estimators, filled in by :func:`fill_doc`.

Each entry is written once here so the estimators document a shared
parameter identically; defaults that differ are passed as ``{default}``.
"""

import textwrap

_PARAMS = {
    "solver": """\
solver : {{"random", "hillclimb", "sgd-backprop", "anneal", "adam", "genetic", \
"cmaes"}}, default="hillclimb"
    How the weights are optimised.

    - ``"random"``: random search. Each iteration draws ``n_candidates``
      fresh networks from the initialisation distribution and keeps the
      best if it is better.
    - ``"hillclimb"``: stochastic hill climbing. Each iteration perturbs the
      current weights by a Gaussian step of ``step_size`` (in the unit of
      ``step_scale``; ``n_candidates`` times) and keeps the best result if
      the objective is not worse; see ``step_adaptation``,
      ``perturb_fraction`` and ``restart_patience``.
    - ``"sgd-backprop"``: minibatch stochastic gradient descent with
      gradients from backpropagation (scikit-learn's ``"sgd"``). One
      iteration is one epoch; see ``learning_rate`` and ``momentum``.
    - ``"anneal"``: simulated annealing. Each iteration perturbs the
      current weights by such a step and keeps the result if it is not
      worse, or else with probability ``exp(-increase / T)``; the
      temperature ``T`` starts at ``initial_temperature`` and is
      multiplied by ``cooling`` every iteration.
    - ``"adam"``: minibatch Adam with gradients from backpropagation, as
      scikit-learn's ``"adam"``: each weight's step is scaled by running
      estimates of its gradient's mean and variance (``beta_1``,
      ``beta_2``, ``epsilon``). One iteration is one epoch.

    - ``"genetic"``: a genetic algorithm on the weight vector. Each
      iteration (generation) breeds ``population_size`` children from
      parents chosen by tournaments of two, by uniform crossover and
      Gaussian mutation (see ``mutation_rate`` and ``step_size``); the
      next population is the best of the children and the best tenth of
      the last population (elitism).
    - ``"cmaes"``: the CMA evolution strategy (Hansen's tutorial, with
      active covariance updates). Each iteration (generation) samples
      ``population_size`` networks from a Gaussian around its mean and
      moves the mean, the step size and the covariance towards the
      better half. Networks of up to 50 weights adapt a full covariance
      matrix; larger ones its diagonal only (sep-CMA-ES), in memory and
      time linear in the number of weights, and from 300 weights the step
      size by two-point adaptation, as pycma does.

    The derivative-free solvers keep the best network they have seen;
    ``"genetic"`` and ``"cmaes"`` score a whole generation in one batched
    forward pass. Only the gradient solvers (``"sgd-backprop"``,
    ``"adam"``) offer ``partial_fit``. scikit-learn's ``"lbfgs"`` is not
    available.""",
    "alpha": """\
alpha : float, default={default}
    Strength of the L2 penalty ``0.5 * alpha * ||W||^2 / n_samples`` on the
    coefficients (not the intercepts), added to the objective of every
    solver; for the gradient solvers ``n_samples`` is the batch size, as in
    :class:`~sklearn.neural_network.MLPClassifier`. Not applied to the
    piecewise-constant ``objective="accuracy"``: on its plateaus every
    step that keeps the predictions is taken, and a penalty would turn
    that walk into a shrinking of the weights down to a network that
    predicts one class.""",
    "batch_size": """\
batch_size : int or "auto", default="auto"
    Rows per minibatch; a value larger than ``n_samples`` is clipped.
    For the gradient solvers, ``"auto"`` is ``min(200, n_samples)``. For
    the derivative-free solvers, ``"auto"`` scores every candidate on all
    samples, and an int scores each iteration's candidates *and the
    current point* on the next minibatch of that many rows (the rows are
    shuffled once per pass over the data), so that every comparison is
    between losses on the same rows: for data too large to score whole.
    Those solvers then keep the current point rather than the best point
    seen (whose loss would be that of a lucky batch; after a restart of
    ``"hillclimb"``, whichever of the current point and the point the
    ended run stood on is lower on the last batch), ``loss_curve_``
    records its loss on each iteration's batch, each minibatch scoring
    counts as one evaluation in ``n_evals_``, and ``speculative`` is off.
    The ``tol`` rule then compares losses on different batches: set
    ``tol=None`` or ``early_stopping=True``. See the user guide,
    "Large data".""",
    "learning_rate_init": """\
learning_rate_init : float or "auto", default={default}
    Initial step length of the gradient solvers ``"sgd-backprop"`` (see
    ``learning_rate``) and ``"adam"`` (the largest step of a weight, about).
    ``"auto"`` is the solver's default: 0.01 for ``"sgd-backprop"``
    (with ``momentum=0.9``, a step of about 0.1 along a steady gradient)
    and 0.001 for ``"adam"``, scikit-learn's. Ignored by the other
    solvers.""",
    "max_iter": """\
max_iter : int or "auto", default="auto"
    Maximum number of iterations: candidate rounds for ``"random"``,
    ``"hillclimb"`` and ``"anneal"``, generations for ``"genetic"`` and
    ``"cmaes"`` (``population_size`` evaluations each), epochs for the
    gradient solvers. ``"auto"`` is 1000 epochs for the gradient solvers
    and, for the derivative-free ones, a budget of work: between 3000
    and 20,000 evaluations, fewer the costlier one evaluation is (rows
    times weights and units, see the user guide's "Defaults"), about a
    second of one core where the floor does not apply; 3000 on the
    digits with the default network (about 2.5 s), 15,000 on a
    300-sample spiral (the population solvers, whose
    candidates cost sampling or breeding too, a little fewer). With
    ``max_evals`` or ``max_time`` set, ``"auto"`` puts no cap on the
    iterations: that budget decides.""",
    "shuffle": """\
shuffle : bool, default=True
    Whether the gradient solvers shuffle the samples every epoch.""",
    "random_state": """\
random_state : int, RandomState instance or None, default={default}
    Seeds the weight initialisation, the solvers' random draws and the
    shuffling. Pass an int for reproducible results across calls.""",
    "tol": """\
tol : float or None, default=1e-4
    Tolerance for stopping. Training stops when the training loss has not
    improved by at least ``tol`` for more than ``n_iter_no_change``
    consecutive iterations. With ``early_stopping=True`` it watches the
    validation score instead; :class:`~sk_hillclimb.HillClimbPerceptron`
    trained by a gradient solver on the perceptron criterion watches the
    training accuracy of its pocket (see its Notes). ``None`` disables this
    rule, so exactly ``max_iter`` iterations run and no
    :class:`ConvergenceWarning` about the budget is raised (one is still
    raised when a fit ends no better than predicting the majority class or
    the mean, or without a single accepted step).""",
    "n_iter_no_change": """\
n_iter_no_change : int, np.inf or "auto", default="auto"
    Patience of the ``tol`` rule, in iterations; ``np.inf`` (as in
    scikit-learn) never runs out. ``"auto"`` uses the
    solver's default: 10 epochs for the gradient solvers (30 for
    :class:`~sk_hillclimb.HillClimbPerceptron`'s ``"sgd-backprop"``, see
    its Notes), 200 iterations
    for ``"hillclimb"`` with ``restart_patience=None`` (whose single steps
    improve the loss far less often than an epoch does),
    ``10 + ceil(30 n / population_size)`` generations for ``"genetic"``
    and ``"cmaes"`` on ``n`` weights (the history of Hansen's TolFun
    criterion, about ``30 n`` evaluations: 185 generations for a (16,)
    network on two features and three classes), and no rule at all for
    ``"random"``, whose records grow rarer by design, for ``"anneal"``,
    whose schedule must cool down, and for ``"hillclimb"`` with
    ``restart_patience`` set (the default), whose stalls end in a restart:
    these always run ``max_iter`` iterations.""",
    "verbose": """\
verbose : bool, default=False
    Whether to print progress: a line per epoch for the gradient solvers
    (``Iteration 3, loss = 0.41``, as
    :class:`~sklearn.neural_network.MLPClassifier` prints), and for the
    derivative-free solvers a line per block of iterations (1, 2, 5, 10,
    20, 50, ... iterations: the smallest block that cuts ``max_iter``
    into at most 100), with the best loss, the evaluations, the seconds
    and the restarts so far.""",
    "warm_start": """\
warm_start : bool, default=False
    When True, ``fit`` starts from the weights of the previous call and
    appends to ``loss_curve_`` and the other curves (``n_iter_`` and
    ``n_evals_`` count the new call only, as in scikit-learn); ``y`` must
    then hold the same classes. Otherwise ``fit`` starts from new random
    weights. The derivative-free solvers also go on drawing from their
    random streams where the previous fit stopped, but the adapted step of
    ``step_adaptation`` and the temperature of ``"anneal"`` start again from
    their initial values; ``"genetic"`` re-scores its last population (with
    the fitted weights) and breeds on from it, ``"cmaes"`` scores the fitted
    weights and goes on from its last mean, step size and covariance (when
    the solver and the network are the same as in the previous fit;
    otherwise they start around the fitted weights).""",
    "momentum": """\
momentum : float, default={default}
    Momentum of ``"sgd-backprop"``, in ``[0, 1]``. Ignored by the other
    solvers.""",
    "nesterovs_momentum": """\
nesterovs_momentum : bool, default=True
    Whether ``"sgd-backprop"`` uses Nesterov's momentum (when
    ``momentum > 0``).""",
    "step_size": """\
step_size : float or "auto", default="auto"
    Size of the Gaussian steps of the derivative-free solvers, in the unit
    set by ``step_scale``: with ``step_scale="init"`` a parameter's step
    has standard deviation ``step_size`` times that parameter's
    initialisation half-width ``s``; with ``step_scale="absolute"`` it is
    ``step_size`` itself. ``"hillclimb"`` and ``"anneal"`` add such a step
    to the weights (its initial size when ``step_adaptation`` is set);
    ``"genetic"`` mutates a gene by ``step_size * s * N(0, 1)``; for
    ``"cmaes"`` it is the initial step size ``sigma``, whose first
    candidates are ``theta + step_size * s * N(0, I)`` (``sigma`` then
    adapts). ``"auto"`` is the solver's default, chosen on the panel of
    ``benchmarks/defaults.py`` and the digits: ``0.3`` for ``"hillclimb"``
    and ``"anneal"`` (about a third of each weight's initial size; the
    one-fifth rule then adapts it), ``0.1`` for ``"genetic"`` and
    ``0.05`` for ``"cmaes"``. Ignored by ``"random"`` and the gradient solvers.""",
    "step_scale": """\
step_scale : {{"init", "absolute"}}, default="init"
    Unit of ``step_size``. ``"init"``: each parameter's initialisation
    half-width (the Glorot bound of its layer), so that one ``step_size``
    means the same from a 5-10-1 network to a 64-100-10 one; for
    :class:`~sk_hillclimb.HillClimbPerceptron`, which starts from zero,
    ``1 / std`` of its feature for a coefficient and 1 for an intercept,
    so that steps do not depend on the features' scales. ``"absolute"``:
    unit 1 for every parameter, the
    tutorials' step, whose effect grows with the width of the network;
    pass it to reproduce the tutorials. Ignored by the solvers that do not
    take ``step_size``.""",
    "step_adaptation": """\
step_adaptation : {{"one-fifth"}} or None, default="one-fifth"
    How ``"hillclimb"`` and ``"anneal"`` adapt their step size.
    ``"one-fifth"`` is Rechenberg's one-fifth success rule: the step is
    multiplied by ``exp(1/3)`` after an iteration whose proposal is not
    worse than the current point and by ``exp(-1/12)`` otherwise, so that
    it settles where one iteration in five succeeds: it grows on slopes
    and plateaus and shrinks near a minimum (capped at ``1000 *
    step_size``). It is the default because no fixed step suits both the
    start and the end of a fit. ``None`` keeps ``step_size`` fixed, as in
    the tutorials. Ignored by the other solvers.""",
    "n_candidates": """\
n_candidates : int, default=1
    Candidates scored (in one batched forward pass) per iteration by
    ``"hillclimb"``, which moves to the best of them if it is not worse: a
    (1 + lambda) strategy, and by ``"random"``, which draws that many
    networks. Each iteration then costs ``n_candidates`` evaluations.
    Ignored by the other solvers.""",
    "perturb_fraction": """\
perturb_fraction : float in (0, 1], default=1.0
    Expected fraction of the weights that ``"hillclimb"`` and ``"anneal"``
    perturb in each candidate (at least one weight); the others are kept.
    ``1.0`` perturbs every weight. Ignored by the other solvers.""",
    "restart_patience": """\
restart_patience : int or None, default=200
    Random restarts of ``"hillclimb"``: when the current run has not
    lowered its loss by more than ``tol`` (by any amount if ``tol`` is
    None) for ``restart_patience`` consecutive iterations, the search
    starts again from the best of ``n_candidates`` fresh random networks
    with the initial ``step_size``. The best network over all runs is
    kept, and ``loss_curve_`` records its loss. The default 200 frees a
    climb stuck on a plateau of ``objective="accuracy"`` within a few
    percent of the default budget. With restarts on,
    ``n_iter_no_change="auto"`` disables the stopping rule, so the fit
    runs ``max_iter`` iterations. ``None`` never restarts. Ignored by the
    other solvers.""",
    "initial_temperature": """\
initial_temperature : float or "auto", default="auto"
    Temperature of the first iteration of ``"anneal"``, in units of the
    objective: a step that raises the loss by ``initial_temperature`` is
    first accepted with probability ``exp(-1)``. ``"auto"`` measures the
    temperature in worse moves instead: after 20 proposals scored at
    temperature zero it is ``m / log(1 / 0.003)`` times the schedule of
    ``cooling``, with ``m`` a running mean of the increases of the worse
    proposals, so that a typical worse move is taken with probability
    0.3% at first (smaller ones far more often), whatever the scale of
    the loss (a log-loss below 1 or a squared error in the thousands) and
    however the step adapts. Ignored
    by the other solvers.""",
    "cooling": """\
cooling : float in (0, 1] or "auto", default="auto"
    Geometric cooling of ``"anneal"``: the temperature after ``k``
    iterations is ``initial_temperature * cooling ** k``; ``1.0`` keeps
    it constant. ``"auto"`` divides it by a million over the fit's budget
    (``max_iter``, or ``max_evals`` when smaller), so that the last
    iterations climb like ``"hillclimb"``. Ignored by the other
    solvers.""",
    "early_stopping": """\
early_stopping : bool, default=False
    Whether to set ``validation_fraction`` of the training data aside
    (stratified by class for classifiers, drawn with ``random_state``),
    score the kept weights on it after every iteration with the
    estimator's ``score`` (accuracy or R^2; for the regressor's other
    objectives than the squared error, their D^2) and end with the weights
    that scored best. The ``tol`` / ``n_iter_no_change`` rule then watches
    this validation score instead of the training loss. A derivative-free
    solver's weights are only re-scored when they changed; these passes
    over the validation set are not counted in ``n_evals_``. If a
    gradient solver's training loss becomes inf or nan, training stops
    with a :class:`~sklearn.exceptions.ConvergenceWarning` and keeps the
    weights that scored best (nan is recorded as that epoch's validation
    score, as scikit-learn's MLP does); without early stopping, or before
    any weights were validated, it is an error. Not supported by
    ``partial_fit``.""",
    "validation_fraction": """\
validation_fraction : float, default=0.1
    Share of the training data set aside for early stopping, in
    ``(0, 1)``: ``ceil(validation_fraction * n_samples)`` samples, at
    least 2 and fewer than ``n_samples`` (otherwise ``fit`` raises a
    ValueError that gives the counts). Only used when
    ``early_stopping=True``.""",
    "class_weight": """\
class_weight : dict, "balanced" or None, default=None
    Weights of the classes, ``{{class_label: weight}}``, multiplying the
    sample weights in the objective and its gradient. ``"balanced"`` uses
    ``n_samples / (n_classes * np.bincount(y))``, the counts weighted by
    ``sample_weight``; it is not supported by ``partial_fit``. ``None``
    weighs all classes 1.""",
    "callback": """\
callback : callable or None, default=None
    Called after every iteration as ``callback(progress)`` with a
    :class:`~sk_hillclimb.FitProgress`: the iterations and evaluations of
    this call so far (what ``n_iter_`` and ``n_evals_`` would be), the
    seconds since ``fit`` was called, the loss of the point the solver
    holds and the best loss so far (the values appended to ``loss_curve_``
    and ``best_loss_curve_``), the restarts, and
    ``progress.fitted_estimator()``: a ready-to-predict copy of the
    estimator that this fit would return if it stopped now, built only
    when called, so that scoring a test set every 50 iterations costs 50
    iterations nothing. Training stops after this iteration when it
    returns True; the fit then ends normally, with the weights a fit of
    that many iterations would have, without :class:`ConvergenceWarning`.
    An exception it raises ends the fit as any error does, except
    ``KeyboardInterrupt``: like Ctrl-C, that ends training, keeps the best
    weights found so far and warns. Watching changes no weight. With
    scikit-learn 1.9 or later, ``set_callbacks`` takes scikit-learn's
    callbacks as well (see the user guide, "Watching a fit"). A callback
    that is not importable by name (a lambda, a closure) cannot be
    pickled with the estimator: set ``callback=None`` before saving.""",
    "max_evals": """\
max_evals : int or None, default=None
    Budget of objective evaluations per call to ``fit``, counted as in
    ``n_evals_`` (the initial point included): training stops after the
    iteration in which it is reached. An iteration is never cut short, so
    a solver scoring several candidates per iteration can end a few
    evaluations past it. Candidates discarded by ``speculative``
    evaluation do not count: the same budget gives the same weights with
    and without it. ``None`` means no limit.""",
    "max_time": """\
max_time : float or None, default=None
    Budget of wall-clock seconds per call to ``fit``: training stops after
    the iteration (epoch for the gradient solvers) during which it runs out.
    Results then depend on the machine's speed. ``None`` means no limit.""",
    "speculative": """\
speculative : bool, default=True
    Whether the derivative-free solvers plan several iterations ahead,
    assuming the candidates will be rejected, and score all planned
    candidates in one batched call; the iterations are then replayed and
    the plan is dropped at the first accepted candidate. The result is
    exactly that of one iteration at a time (same weights, losses and
    random draws); only the speed and ``n_evals_discarded_`` change. How
    far ahead to plan is chosen from the recent acceptance rate and the
    measured cost of a call, and falls to one iteration on large data.
    A generation of ``"genetic"`` or ``"cmaes"`` is already one batch and
    the next depends on its losses: they plan one generation at a time.
    Ignored by the gradient solvers.""",
    "learning_rate": """\
learning_rate : {{"constant", "invscaling", "adaptive"}}, default="constant"
    Schedule of the step length of ``"sgd-backprop"``, as in
    :class:`~sklearn.neural_network.MLPClassifier`:

    - ``"constant"``: ``learning_rate_init`` throughout;
    - ``"invscaling"``: after each epoch the step becomes
      ``learning_rate_init / (t_ + 1) ** power_t``, ``t_`` the number of
      training samples seen so far;
    - ``"adaptive"``: when the ``tol`` rule fires (``n_iter_no_change``
      epochs without improvement), the step is divided by 5 instead of
      stopping; training stops when the rule fires with a step of
      ``1e-6`` or less. ``tol=None`` keeps the step constant.

    Ignored by the other solvers (``"adam"`` adapts its steps itself).""",
    "power_t": """\
power_t : float, default=0.5
    Exponent of the ``"invscaling"`` schedule, ``>= 0``. Only used with
    ``solver="sgd-backprop"`` and ``learning_rate="invscaling"``.""",
    "beta_1": """\
beta_1 : float in [0, 1), default=0.9
    Decay rate of ``"adam"``'s running mean of the gradient, per
    minibatch. Ignored by the other solvers.""",
    "beta_2": """\
beta_2 : float in [0, 1), default=0.999
    Decay rate of ``"adam"``'s running mean of the squared gradient, per
    minibatch. Ignored by the other solvers.""",
    "epsilon": """\
epsilon : float, default=1e-8
    Added to the square root of ``"adam"``'s second moment estimate before
    it divides the step, for numerical stability. Ignored by the other
    solvers.""",
    "population_size": """\
population_size : int or None, default=None
    Networks per generation of ``"genetic"`` and ``"cmaes"``, scored in
    one batched pass: each iteration costs ``population_size``
    evaluations. None uses each solver's default, which grows with the
    number of weights ``n``: the standard ``4 + floor(3 ln n)`` of CMA-ES
    for both (25 for a 64-16-10 network, 16 for a 5-10-1 one). Ignored by
    the other solvers.""",
    "mutation_rate": """\
mutation_rate : float in (0, 1], default=0.2
    Probability that ``"genetic"`` mutates a given weight of a child (by
    ``step_size`` times the weight's initialisation scale times
    ``N(0, 1)``); ``1.0`` mutates every weight. Ignored by the other
    solvers.""",
    "n_jobs": """\
n_jobs : int or None, default=None
    Threads that score the candidates of the derivative-free solvers:
    the fixed chunks of rows and slices of a population are scored in
    parallel, each thread's BLAS on one thread. ``None`` means 1 unless
    in a ``joblib.parallel_config`` context that sets ``n_jobs``;
    ``-1`` means all cores (``joblib.cpu_count()``), at most
    ``OMP_NUM_THREADS`` when that is set, as joblib sets it in the
    workers of ``GridSearchCV(n_jobs=k)`` to their share of the cores;
    ``-2`` all but one, and so on. The fitted weights, losses and random
    draws are the same, bit for bit, for every ``n_jobs``. A call with
    too little arithmetic to share (a small network on a few hundred
    rows, one candidate) runs on fewer threads. Threads need free cores:
    where other processes kept them busy, two threads took longer than
    one (see the benchmarks page), so the default stays on one. Ignored
    by the gradient solvers, whose products are left to BLAS (see the
    user guide, "Using several cores").""",
}

_ATTRIBUTES = {
    "fit_attributes": """\
objective_ : str
    The objective the solver minimised: ``objective``, with ``"auto"``
    resolved.
n_iter_ : int
    Number of iterations run by the last call to ``fit`` or
    ``partial_fit`` (epochs for the gradient solvers), as in
    :class:`~sklearn.neural_network.MLPClassifier`; ``loss_curve_`` goes
    on across warm starts and ``partial_fit`` calls.
n_evals_ : int
    Number of objective evaluations on the full training set by the last
    call to ``fit`` or ``partial_fit``, its initial point included. One
    epoch of a gradient solver counts as one, although it costs more (a
    backward pass, and a step per minibatch). Use it to compare solvers at equal
    budget. Candidates scored by ``speculative``
    evaluation and discarded are not counted here.
n_evals_discarded_ : int
    Candidates scored by ``speculative`` evaluation and discarded by the
    last call to ``fit`` (the extra work it cost); 0 when it is off or
    for the gradient solvers.
loss_curve_ : list of float
    Training loss after each iteration, of the point the solver holds: a
    hill climber's current point (it rises at a restart), the point
    simulated annealing walked to (uphill moves included), the best
    candidate of a CMA-ES generation, the best member of a genetic
    population, the best network so far for random search; for the
    gradient solvers the epoch's mean minibatch loss, as in
    :class:`~sklearn.neural_network.MLPClassifier`. Continued by warm
    starts and ``partial_fit``, as are the other curves.
best_loss_curve_ : list of float
    Lowest training loss so far, after each iteration: the loss of the
    weights a fit stopped there keeps, for the derivative-free solvers
    on all rows (``batch_size="auto"``).
n_evals_curve_ : list of int
    Evaluations after each iteration, counted as in ``n_evals_`` but
    cumulated over the fits the curves cover: the x axis of a comparison
    at equal cost.
time_curve_ : list of float
    Seconds after each iteration since ``fit`` was called, cumulated over
    the fits the curves cover.
restarts_ : list of int
    Indices into the curves of the iterations that began a new run from
    fresh weights (``"hillclimb"`` with ``restart_patience``); empty for
    the other solvers.
n_restarts_ : int
    Runs begun anew by the last call to ``fit``.
best_loss_ : float or None
    Smallest value in ``loss_curve_`` (and ``best_loss_curve_``): for the
    derivative-free solvers, the training loss of the kept weights. None
    with ``early_stopping=True``, as in
    :class:`~sklearn.neural_network.MLPClassifier` (the kept weights are
    then those with the best ``validation_scores_``).
loss_ : float
    Last value of ``loss_curve_``.
t_ : int
    Number of training samples seen by the solver, ``n_samples`` per
    iteration (per epoch for the gradient solvers), continued by warm
    starts and ``partial_fit``: the time step of the ``"invscaling"``
    schedule, as in :class:`~sklearn.neural_network.MLPClassifier`.
n_features_in_ : int
    Number of features seen during ``fit``.
feature_names_in_ : ndarray of shape (`n_features_in_`,)
    Names of features seen during ``fit``, when ``X`` has string column
    names.
validation_scores_ : list of float or None
    Score of the kept weights on the validation set after each iteration
    (continued by warm starts), when ``early_stopping=True``; None
    otherwise.
best_validation_score_ : float or None
    Best value of ``validation_scores_``, reached by the returned
    weights, when ``early_stopping=True``; None otherwise.""",
}


def fill_doc(**defaults):
    """Class decorator filling ``{name}`` fields of the docstring.

    ``{name}`` is replaced by the shared entry for parameter ``name`` with
    its ``{default}`` taken from ``defaults[name]``, indented to match.
    """

    def decorate(cls):
        fields = {}
        for name, text in {**_PARAMS, **_ATTRIBUTES}.items():
            text = text.format(default=defaults.get(name, ""))
            fields[name] = textwrap.indent(text, "    ").lstrip()
        cls.__doc__ = cls.__doc__.format(**fields)
        return cls

    return decorate
